import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Every hostile file of hostile-payloads.test-helper.ts, plus 512 MiB zlib and gzip bombs, in a
 * child process whose V8 heap is capped at 256 MB and which is killed after a deadline: the
 * importer must refuse each one with its typed error without running out of memory or time.
 * (Decompressed bytes live outside the V8 heap and are capped by `maxDecompressedBytes`,
 * 256 MiB by default.)
 */
const child = fileURLToPath(new URL('./hostile-child.test-helper.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const markers = mkdtempSync(join(tmpdir(), 'fleetscore-hostile-bounds-'));
afterAll(() => rmSync(markers, { recursive: true, force: true }));

/** Heap growth allowed per file: a real model of 10,000 support vectors needs a few MB. */
const MAX_HEAP_GROWTH_MB = 64;

describe('hostile model files in a small heap', () => {
  it('refuses every one within 256 MB of heap and the deadline', () => {
    const output = execFileSync(
      process.execPath,
      [
        '--max-old-space-size=256',
        '--expose-gc',
        '--conditions=source',
        '--import',
        'tsx',
        child,
        markers,
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const results = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; expected: boolean; heapGrowthMb: number });
    expect(results.length).toBeGreaterThan(60);
    expect(results.filter((r) => !r.expected)).toEqual([]);
    expect(results.filter((r) => r.heapGrowthMb > MAX_HEAP_GROWTH_MB)).toEqual([]);
    expect(readdirSync(markers)).toEqual([]);
  }, 150_000);
});
