import { mulberry32, type WindowRecord } from '@fleetscore/shared';
import { dedupeWindows } from '@fleetscore/shared/windows';
import { describe, expect, it } from 'vitest';
import { SeriesCollector, seriesOf } from './window-series.js';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString();
const w = (
  sensor: string,
  second: number,
  count: number,
  values: WindowRecord['values'],
): WindowRecord => ({ device: 'd', sensor, end: at(second), seconds: 5, count, values });

describe('SeriesCollector', () => {
  it('sorts by end and keeps one window per end: the larger count, else the first seen', () => {
    const series = seriesOf([
      w('a', 10, 2, { avg: 1 }),
      w('a', 5, 3, { avg: 2 }),
      w('a', 10, 4, { avg: 3 }), // larger count: replaces the first 10 s copy
      w('a', 5, 3, { avg: 4 }), // equal count: the first seen stays
    ])
      .get('d')!
      .get('a')!;
    expect(series.end).toEqual([at(5), at(10)]);
    expect([...series.endMs]).toEqual([Date.parse(at(5)), Date.parse(at(10))]);
    expect([...series.value('avg')!]).toEqual([2, 3]);
  });

  it('gives NaN where a window lacks an aggregate and undefined for one no window has', () => {
    const series = seriesOf([w('a', 5, 1, { avg: 1 }), w('a', 10, 1, { avg: 2, max: 7 })])
      .get('d')!
      .get('a')!;
    expect([...series.value('max')!]).toEqual([Number.NaN, 7]);
    expect(series.value('stddev')).toBeUndefined();
  });

  it('counts what it was given and is empty after finish', () => {
    const collector = new SeriesCollector();
    collector.add(w('a', 5, 1, { avg: 1 }));
    collector.add(w('a', 5, 1, { avg: 1 }));
    expect(collector.windows).toBe(2);
    expect(collector.finish().size).toBe(1);
    expect(collector.windows).toBe(0);
    expect(collector.finish().size).toBe(0);
  });

  it('holds exactly what dedupeWindows keeps, on random duplicated, shuffled windows', () => {
    const random = mulberry32(42);
    const pick = (n: number) => Math.floor(random() * n);
    for (let trial = 0; trial < 50; trial += 1) {
      const windows: WindowRecord[] = [];
      for (let i = 0; i < 200; i += 1) {
        const values: WindowRecord['values'] = { avg: random() };
        if (random() < 0.3) values.max = random();
        windows.push({
          device: `d${pick(3)}`,
          sensor: `s${pick(3)}`,
          end: at(5 * pick(12)),
          seconds: 5,
          count: 1 + pick(3),
          values,
        });
      }
      const expected = dedupeWindows(windows);
      const got: WindowRecord[] = [];
      for (const [device, sensors] of seriesOf(windows)) {
        for (const [sensor, series] of sensors) {
          series.end.forEach((end, i) => {
            const values: WindowRecord['values'] = {};
            for (const aggregate of ['avg', 'max'] as const) {
              const value = series.value(aggregate)?.[i];
              if (value !== undefined && !Number.isNaN(value)) values[aggregate] = value;
            }
            got.push({ device, sensor, end, seconds: 5, count: 0, values });
          });
        }
      }
      const key = (x: WindowRecord) => `${x.end} ${x.device} ${x.sensor}`;
      const strip = (x: WindowRecord) => ({ key: key(x), values: x.values });
      expect(got.map(strip).sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(
        expected.map(strip).sort((a, b) => (a.key < b.key ? -1 : 1)),
      );
    }
  });
});
