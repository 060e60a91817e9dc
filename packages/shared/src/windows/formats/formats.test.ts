import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { AGGREGATES, type Aggregate, type WindowRecord } from '../../contracts/window.js';
import { formatOfBlob, WINDOW_FORMATS } from '../../contracts/window-formats.js';
import { NonRetryableError } from '../../errors.js';
import { CSV_HEADER, csvCodec } from './csv.js';
import { codecOfBlob, decodeWindowBlob, windowCodec } from './registry.js';

const bytes = (body: Uint8Array | string) =>
  typeof body === 'string' ? new TextEncoder().encode(body) : body;

/** Values whose shortest decimal text is long, tiny or huge: float64 edge cases. */
const HARD = [0.1 + 0.2, 1 / 3, -84.92000000000002, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2];

function windowsWith(aggregates: readonly Aggregate[]): WindowRecord[] {
  return HARD.map((x, i) => {
    const values: WindowRecord['values'] = {};
    for (const a of aggregates) values[a] = a === 'count' ? i + 1 : (a === 'min' ? 1 : 0.7) * x;
    // A single reading has no sample stddev: the value is absent, not 0 or NaN.
    if (i === 0) delete values.stddev;
    return {
      device: `dev-${i % 3}`,
      sensor: i % 2 ? '4' : 'temp.c_1',
      end: new Date(Date.UTC(2018, 7, 28, 23, 0, 5 * (i + 1))).toISOString(),
      seconds: 5,
      count: i + 1,
      values,
    };
  });
}

describe.each(WINDOW_FORMATS)('%s window codec', (format) => {
  const codec = windowCodec(format);

  it.each([
    [['avg']],
    [[...AGGREGATES]],
    [['stddev', 'min']], // no avg: the CSV Value column is empty
  ] as Aggregate[][][])(
    'round-trips float64 values exactly with aggregates %j',
    async (aggregates) => {
      const windows = windowsWith(aggregates);
      const body = bytes(codec.encode(windows, aggregates));
      const back = await codec.decode(body, `x.${format}`);
      expect(back).toEqual(windows);
    },
  );

  it('round-trips an empty blob', async () => {
    const body = bytes(codec.encode([], ['avg']));
    expect(await codec.decode(body, `x.${format}`)).toEqual([]);
  });

  it('is chosen by the blob extension', () => {
    expect(codecOfBlob(`windows/2020/01/01/00/shard=1/p0-1-2-3.${format}`)).toBe(codec);
    expect(formatOfBlob(`p0.${format}`)).toBe(format);
  });
});

describe('CSV windows', () => {
  it('use the reference layout first, then Count, Seconds and the other aggregates', () => {
    const [window] = windowsWith(['avg', 'min', 'max']);
    const text = String(csvCodec.encode([window!], ['max', 'avg', 'min']));
    const [header, row] = text.trimEnd().split('\n');
    expect(header).toBe('TS,Device,Tag,Value,Count,Seconds,Min,Max');
    expect(header!.startsWith(CSV_HEADER.join(','))).toBe(true);
    expect(row).toBe(
      `2018-08-28T23:00:05.000Z,dev-0,temp.c_1,${0.7 * (0.1 + 0.2)},1,5,${0.1 + 0.2},${0.7 * (0.1 + 0.2)}`,
    );
  });

  it.each([
    ['a header that is not the reference layout', 'TS,Device,Tag\n'],
    ['an unknown column', `${CSV_HEADER.join(',')},Median\n`],
    ['a count that is not an integer', `${CSV_HEADER}\n2020-01-01T00:00:05.000Z,a,b,1,1.5,5\n`],
    ['a number in hex', `${CSV_HEADER}\n2020-01-01T00:00:05.000Z,a,b,0x10,1,5\n`],
    ['a row of another length', `${CSV_HEADER}\n2020-01-01T00:00:05.000Z,a,b,1,1\n`],
    ['a bad device id', `${CSV_HEADER}\n2020-01-01T00:00:05.000Z,../a,b,1,1,5\n`],
  ])('refuses %s, naming the blob', (_, text) => {
    expect(() => csvCodec.decode(bytes(text), 'w/p0.csv')).toThrow(NonRetryableError);
    expect(() => csvCodec.decode(bytes(text), 'w/p0.csv')).toThrow(/w\/p0\.csv/);
  });
});

describe('window blobs by extension', () => {
  it('refuses a blob in no window format, naming it', async () => {
    await expect(decodeWindowBlob('windows/x/p0-1.json', bytes('{}'))).rejects.toThrow(
      /windows\/x\/p0-1\.json is not a window blob/,
    );
    expect(formatOfBlob('ndjson')).toBeUndefined();
    expect(formatOfBlob('p0.NDJSON')).toBeUndefined();
  });

  it('refuses a Parquet blob that is not Parquet, and one without the window columns', async () => {
    const err = decodeWindowBlob('p0.parquet', bytes('not parquet at all'));
    await expect(err).rejects.toThrow(NonRetryableError);
    await expect(err).rejects.toThrow(/p0\.parquet is not valid Parquet/);
    const other = parquetWriteBuffer({ columnData: [{ name: 'x', data: [1], type: 'DOUBLE' }] });
    await expect(decodeWindowBlob('p1.parquet', new Uint8Array(other))).rejects.toThrow(
      /p1\.parquet row 1 is not a window record/,
    );
  });

  it('reads a Parquet blob out of a larger buffer (a Node Buffer view)', async () => {
    const windows = windowsWith(['avg']);
    const body = bytes(windowCodec('parquet').encode(windows, ['avg']));
    const pooled = Buffer.concat([Buffer.from('junk'), body, Buffer.from('more')]);
    const view = pooled.subarray(4, 4 + body.byteLength);
    expect(await decodeWindowBlob('p.parquet', view)).toEqual(windows);
  });
});
