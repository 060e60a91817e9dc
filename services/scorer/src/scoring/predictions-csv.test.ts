import { parsePredictionCsv } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, predictionsBody, type ScoredEntity } from './predictions-csv.js';

const RUN = 'hourly-20261125T1000Z';

/** The body's bytes, checked to be its declared length and the same on a second making. */
function bytes(scored: ScoredEntity[]): Buffer[] {
  const body = predictionsBody(scored, RUN);
  const chunks = [...body.chunks()].map((chunk) => Buffer.from(chunk));
  expect(Buffer.concat(chunks).byteLength).toBe(body.byteLength);
  expect(Buffer.concat([...body.chunks()]).equals(Buffer.concat(chunks))).toBe(true);
  return chunks;
}

const text = (scored: ScoredEntity[]) => Buffer.concat(bytes(scored)).toString('utf8');

const entity = (
  device: string,
  tag: string,
  rows: [ts: string, decision: number][],
): ScoredEntity => ({
  device,
  tag,
  modelVersion: 3,
  ts: rows.map(([ts]) => ts),
  tsMs: Float64Array.from(rows, ([ts]) => Date.parse(ts)),
  values: tag === '' ? undefined : new Float64Array(rows.length).fill(0.1 + 0.2),
  decisions: Float64Array.from(rows, ([, decision]) => decision),
});

describe('prediction CSV', () => {
  it('has the reference columns plus decision, version and run, sorted by (TS, Device, Tag)', () => {
    const csv = text([
      entity('d1', 'b', [['2026-11-25T10:00:10.000Z', -0.5]]),
      entity('d2', 'a', [['2026-11-25T10:00:05.000Z', 1e-300]]),
      entity('d1', 'a', [['2026-11-25T10:00:10.000Z', 0]]),
      entity('d1', '', [['2026-11-25T10:00:05.000Z', 2]]),
    ]);
    expect(csv.split('\n')).toEqual([
      'TS,Device,Tag,Val,Prediction,Decision,ModelVersion,RunId',
      `2026-11-25T10:00:05.000Z,d1,,,0,2,3,${RUN}`,
      `2026-11-25T10:00:05.000Z,d2,a,0.30000000000000004,0,1e-300,3,${RUN}`,
      `2026-11-25T10:00:10.000Z,d1,a,0.30000000000000004,1,0,3,${RUN}`,
      `2026-11-25T10:00:10.000Z,d1,b,0.30000000000000004,1,-0.5,3,${RUN}`,
      '',
    ]);
  });

  it('merges entities with different ends by instant, ends written in other forms included', () => {
    const csv = text([
      entity('d2', 's', [
        ['2026-11-25T10:00:00Z', 1],
        ['2026-11-25T10:00:10.000Z', 1],
      ]),
      entity('d1', 's', [
        ['2026-11-25T11:00:05.000+01:00', 1], // 10:00:05 UTC
        ['2026-11-25T10:00:15.000Z', 1],
      ]),
    ]);
    expect(csv.split('\n').map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      'TS,Device',
      '2026-11-25T10:00:00Z,d2',
      '2026-11-25T11:00:05.000+01:00,d1',
      '2026-11-25T10:00:10.000Z,d2',
      '2026-11-25T10:00:15.000Z,d1',
      '',
    ]);
  });

  it('cuts a large blob into chunks of about CHUNK_CHARS that join to the whole', () => {
    const ends = Array.from(
      { length: 720 },
      (_, i) => new Date(Date.UTC(2026, 10, 25, 10, 0, 5 * i)),
    );
    const many = Array.from({ length: 40 }, (_, k) =>
      entity(
        `dev${k}`,
        's0',
        ends.map((d) => [d.toISOString(), k - 20] as [string, number]),
      ),
    );
    const chunks = bytes(many);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(0, -1))
      expect(chunk.byteLength).toBeGreaterThanOrEqual(CHUNK_CHARS);
    const csv = Buffer.concat(chunks).toString('utf8');
    const lines = csv.split('\n');
    expect(lines).toHaveLength(1 + 40 * 720 + 1);
    // What the scorer writes is what the contract's parser reads.
    expect(parsePredictionCsv('b', csv)).toHaveLength(40 * 720);
    expect(lines[1]).toBe(`${ends[0]!.toISOString()},dev0,s0,0.30000000000000004,1,-20,3,${RUN}`);
    // Devices in code-unit order: dev0, dev1, dev10 … dev19, dev2, … dev9.
    expect(lines[3]).toBe(`${ends[0]!.toISOString()},dev10,s0,0.30000000000000004,1,-10,3,${RUN}`);
    expect(lines[40]).toBe(`${ends[0]!.toISOString()},dev9,s0,0.30000000000000004,1,-11,3,${RUN}`);
    expect(lines[41]).toBe(`${ends[1]!.toISOString()},dev0,s0,0.30000000000000004,1,-20,3,${RUN}`);
  });

  it('prints numbers that parse back to the same float64', () => {
    for (const x of [Math.PI, -1 / 3, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]) {
      const e = entity('d', 't', [['2026-01-01T00:00:00Z', x]]);
      e.values = Float64Array.of(x);
      const cells = text([e]).split('\n')[1]!.split(',');
      expect(Number(cells[3])).toBe(x);
      expect(Number(cells[5])).toBe(x);
    }
  });
});
