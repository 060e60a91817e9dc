import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import { UsageError } from './program.js';

async function all(path: string) {
  const rows: Record<string, string>[] = [];
  for await (const row of readCsv(path)) rows.push(row);
  return rows;
}

describe('readCsv', () => {
  it('reads rows by header', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    const path = join(dir, 'a.csv');
    await writeFile(path, 'TS,Value\n2018-08-28 23:00:05.000,10.16\n');
    expect(await all(path)).toEqual([{ TS: '2018-08-28 23:00:05.000', Value: '10.16' }]);
  });

  it('refuses a missing file with a usage error instead of waiting forever', async () => {
    const path = join(tmpdir(), 'no-such-dir-fleetscore', 'missing.csv');
    const error = await all(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`cannot read ${path}: no such file`);
  });
});
