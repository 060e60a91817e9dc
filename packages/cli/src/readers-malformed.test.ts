import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleetscore } from './cli.test-helper.js';
import { readFleetCsv } from './fleet-csv.js';
import { listModelFiles } from './model-files.js';
import { UsageError } from './program.js';
import { readTrainingRows } from './training-rows.js';
import { readWindowFile } from './windows/read.js';

/**
 * Every CSV / NDJSON reader of the CLI on malformed input: a bad line ends the command (or is
 * listed as bad, for `windows load`) with its line number — blank lines and quoted line breaks
 * do not shift the count — and nothing is skipped silently. A byte-order mark and CRLF line
 * ends are read as usual.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetscore-malformed-'));
});
let serial = 0;
async function file(content: string, extension = 'csv') {
  const path = join(dir, `input-${serial++}.${extension}`);
  await writeFile(path, content);
  return path;
}
async function usageError(read: Promise<unknown>): Promise<string> {
  const error = await read.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

const HEADER = 'TS,Device,Tag,Value';
const ROW = '2018-08-28 23:00:05.000,1,2,10.5';
/** Malformed CSV bodies and the line each error must name (blank lines before it count). */
const MALFORMED_CSV: Array<[string, string, RegExp]> = [
  ['bad number', `${HEADER}\n${ROW}\n\n\n2018-08-28 23:00:10.000,1,2,abc\n`, /(row|line) 5\b/],
  ['extra column', `${HEADER}\n${ROW}\n${ROW},9\n`, /line 3\b/],
  ['missing column', `${HEADER}\r\n${ROW}\r\n1,2\r\n`, /line 3\b/],
  ['bad quoting', `${HEADER}\n${ROW}\n"2018-08-28,1,2,3\n`, /line 3\b/],
  ['quote inside a field', `${HEADER}\n${ROW}\n2018-08-28 23:00:10.000,1,2,1"0\n`, /line 3\b/],
  [
    'a quoted line break before a bad number',
    `${HEADER}\n"2018-08-28\n23:00:05",1,2,1\n${ROW.replace('10.5', 'x')}\n`,
    /(row|line) 4\b/,
  ],
];

describe('score-csv reader (readFleetCsv)', () => {
  it.each(MALFORMED_CSV)('%s: refused, naming the line', async (_name, content, line) => {
    expect(await usageError(readFleetCsv(await file(content)))).toMatch(line);
  });
  it('reads a BOM, CRLF and blank lines', async () => {
    const sensors = await readFleetCsv(await file(`\uFEFF${HEADER}\r\n${ROW}\r\n\r\n${ROW}\r\n`));
    expect(sensors.get('1/2')?.values).toEqual([10.5, 10.5]);
  });
  it('refuses an id that is no id, naming the line', async () => {
    expect(
      await usageError(
        readFleetCsv(await file(`${HEADER}\n${ROW}\n\n${ROW.replace(',1,', ',..,')}\n`)),
      ),
    ).toMatch(/row 4\b/);
  });
});

describe('model train reader (readTrainingRows)', () => {
  it.each(MALFORMED_CSV)('%s: refused, naming the line', async (_name, content, line) => {
    expect(
      await usageError(readTrainingRows(await file(content), { features: ['Value'] })),
    ).toMatch(line);
  });
  it('reads a BOM, CRLF and blank lines', async () => {
    const rows = await readTrainingRows(await file(`\uFEFF${HEADER}\r\n${ROW}\r\n\r\n${ROW}\r\n`), {
      features: ['Value'],
    });
    expect(Array.from(rows)).toEqual([10.5, 10.5]);
  });
});

describe('windows load reader (readWindowFile)', () => {
  const options = { defaultCount: 1 } as never;
  it('lists each bad row with its line, blank lines counted', async () => {
    const path = await file(
      `\uFEFF${HEADER}\r\n${ROW}\r\n\r\n${ROW.replace('10.5', 'abc')}\r\n${ROW.replace(',1,', ',a/b,')}\r\n`,
    );
    const read = await readWindowFile(path, options);
    expect(read.rows).toBe(3);
    expect(read.bad.map((b) => b.line)).toEqual([4, 5]);
    expect(read.windows).toHaveLength(1);
  });
  it.each(MALFORMED_CSV.filter(([name]) => name !== 'bad number' && !name.startsWith('a quoted')))(
    '%s: refused, naming the line',
    async (_name, content, line) => {
      expect(await usageError(readWindowFile(await file(content), options))).toMatch(line);
    },
  );
});

describe('aggregate readers (CSV and NDJSON)', () => {
  const json = (value: unknown) =>
    JSON.stringify({ TS: '2018-08-28 23:00:05.000', Device: 1, Tag: 2, Value: value });
  it.each<[string, string, string, RegExp]>([
    ['NDJSON: a line that is not JSON', 'ndjson', `${json(1)}\n\n{"TS":\n`, /line 3: not JSON/],
    ['NDJSON: a bad number', 'ndjson', `${json(1)}\r\n${json('abc')}\r\n`, /line 2: bad Value/],
    [
      'NDJSON: a missing field',
      'ndjson',
      `${json(1)}\n{"TS":"2018-08-28 23:00:05.000","Device":1}\n`,
      /line 2: bad/,
    ],
    [
      'NDJSON: a traversal id',
      'ndjson',
      `${json(1)}\n${json(1).replace('"Device":1', '"Device":"../x"')}\n`,
      /line 2: bad Device/,
    ],
    [
      'CSV: a bad number after blank lines',
      'csv',
      `${HEADER}\n${ROW}\n\n${ROW.replace('10.5', 'x')}\n`,
      /line 4: bad Value/,
    ],
    ['CSV: an extra column', 'csv', `${HEADER}\n${ROW}\n${ROW},1\n`, /line 3\b/],
  ])('%s', async (_name, extension, content, message) => {
    const input = await file(content, extension);
    const result = await fleetscore('aggregate', '--input', input, '--out', `${input}.out.csv`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
  it('reads NDJSON with a BOM, CRLF and blank lines', async () => {
    const input = await file(`\uFEFF${json(1)}\r\n\r\n${json(3)}\r\n`, 'ndjson');
    const result = await fleetscore('aggregate', '--input', input, '--out', `${input}.out.csv`);
    expect(result.stderr).toMatch(/2 readings/);
    expect(result.code).toBe(0);
  });
});

describe('models import-dir (listModelFiles)', () => {
  it('refuses model files whose names give no valid ids, naming them', async () => {
    const models = join(dir, 'models');
    await mkdir(models);
    for (const name of [
      'model_1_2.pkl',
      'model_.._x.pkl',
      'model_a b_1.pkl',
      'model_\u0430_1.pkl',
      'notes.txt',
    ])
      await writeFile(join(models, name), '');
    const message = await usageError(listModelFiles(models));
    expect(message).toContain('"model_.._x.pkl"');
    expect(message).toContain('"model_a b_1.pkl"');
    expect(message).toContain('"model_\u0430_1.pkl"');
    expect(message).not.toContain('notes.txt');
    expect(message).not.toContain('model_1_2.pkl');
  });
});
