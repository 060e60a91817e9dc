import type { WindowRecord } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { entityRows, missingReason, sensorAggregate } from './rows.js';
import { seriesOf } from './window-series.js';

const w = (
  device: string,
  sensor: string,
  second: number,
  values: WindowRecord['values'],
): WindowRecord => ({
  device,
  sensor,
  end: new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString(),
  seconds: 5,
  count: 1,
  values,
});

describe('sensor rows', () => {
  const windows = [
    w('d1', 'a', 5, { avg: 1.5, max: 2 }),
    w('d1', 'b', 5, { avg: 9 }),
    w('d1', 'a', 10, { avg: 0.1, max: 0.3 }),
    w('d1', 'a', 15, { max: 7 }),
  ];
  const d1 = seriesOf(windows).get('d1');

  it("feed the window's avg, in time order, with the value kept for the CSV", () => {
    const rows = entityRows({ device: 'd1', sensor: 'a' }, ['Value'], d1);
    expect(rows.ts).toEqual([windows[0]!.end, windows[2]!.end]);
    expect([...rows.tsMs]).toEqual([Date.parse(windows[0]!.end), Date.parse(windows[2]!.end)]);
    expect([...rows.matrix]).toEqual([1.5, 0.1]);
    expect([...(rows.values ?? [])]).toEqual([1.5, 0.1]);
    expect(rows.values?.buffer).not.toBe(rows.matrix.buffer); // the matrix is transferred
    expect(rows.missing).toBe(1); // the 15 s window has no avg
    expect(missingReason(rows)).toBe('1 window(s) left out');
  });

  it('feed the aggregate the single feature is named after', () => {
    expect(sensorAggregate(['max'])).toBe('max');
    expect(sensorAggregate(['Value'])).toBe('avg');
    const rows = entityRows({ device: 'd1', sensor: 'a' }, ['max'], d1);
    expect([...rows.matrix]).toEqual([2, 0.3, 7]);
    expect(rows.missing).toBe(0);
    expect(missingReason(rows)).toBeUndefined();
  });

  it('refuse a model with several features', () => {
    expect(() => entityRows({ device: 'd1', sensor: 'a' }, ['x', 'y'], d1)).toThrow(/2 features/);
  });
});

describe('device rows', () => {
  it('take one column per feature sensor and leave out ends with a sensor missing', () => {
    const windows = [
      w('d', 'a', 5, { avg: 1 }),
      w('d', 'b', 5, { avg: 2 }),
      w('d', 'c', 5, { avg: 99 }), // not a feature: ignored
      w('d', 'a', 10, { avg: 3 }), // b missing at 10 s
      w('d', 'a', 15, { avg: 5 }),
      w('d', 'b', 15, { avg: 6 }),
    ];
    const rows = entityRows({ device: 'd' }, ['b', 'a'], seriesOf(windows).get('d'));
    expect(rows.ts).toEqual([windows[0]!.end, windows[4]!.end]);
    expect([...rows.matrix]).toEqual([2, 1, 6, 5]);
    expect(rows.values).toBeUndefined();
    expect(rows.missing).toBe(1);
    expect(missingReason(rows)).toBe('1 window(s) left out: missing sensor(s) b');
  });
});

describe('no windows', () => {
  it('give no rows and nothing missing', () => {
    for (const entity of [{ device: 'x', sensor: 'a' }, { device: 'x' }]) {
      const rows = entityRows(entity, ['a'], undefined);
      expect(rows.ts).toEqual([]);
      expect(rows.missing).toBe(0);
    }
  });
});
