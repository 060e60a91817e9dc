import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostilePayloads, markerPath } from './hostile-payloads.test-helper.js';
import { importSklearnModel } from './import-model.js';
import { callPickle } from './pickle-writer.test-helper.js';

/**
 * Hostile model files built byte by byte (hostile-payloads.test-helper.ts): each is refused
 * with the package's typed error and a message naming what was wrong, and none runs its
 * command — the marker files the commands would create never appear.
 */
const markers = mkdtempSync(join(tmpdir(), 'fleetscore-hostile-'));
afterAll(() => rmSync(markers, { recursive: true, force: true }));
const payloads = hostilePayloads(markers);

describe('hostile model files are refused, nothing runs', () => {
  it('the gadgets are real: Python runs one, and it leaves its marker', () => {
    const marker = markerPath(markers, 'python-control');
    const file = join(markers, 'control.pkl');
    writeFileSync(file, callPickle('os', 'system', [`touch ${marker}`], 2));
    execFileSync('/usr/bin/python3', [
      '-c',
      'import pickle,sys; pickle.load(open(sys.argv[1],"rb"))',
      file,
    ]);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
  });

  it.each(payloads.map((p) => [p.name, p] as const))('%s', (_name, payload) => {
    let caught: unknown;
    try {
      importSklearnModel(payload.bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught, 'imported').toBeInstanceOf(Error);
    expect((caught as Error).name).toBe(payload.error);
    expect((caught as Error).message).toMatch(payload.message);
  });

  it('left no marker behind', () => {
    expect(readdirSync(markers).filter((name) => name.startsWith('pwned-'))).toEqual([]);
  });
});
