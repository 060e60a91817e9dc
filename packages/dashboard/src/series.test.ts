import type { PredictionBody } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { seriesOf } from './series.js';

const row = (s: number, value: number | null, anomaly: boolean): PredictionBody => ({
  ts: new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString(),
  device: 'd',
  sensor: value === null ? '' : 's',
  value,
  anomaly,
  decision: anomaly ? -0.5 : 0.5,
  modelVersion: 1,
  runId: 'r',
});

describe('seriesOf', () => {
  it('sorts by time and keeps anomalies as a series of their own', () => {
    const { data, plotted } = seriesOf([row(10, 3, true), row(5, 1, false)]);
    const t0 = Date.UTC(2026, 10, 25, 10, 0, 5) / 1000;
    expect(plotted).toBe('value');
    expect(data).toEqual([
      [t0, t0 + 5],
      [1, 3],
      [null, 3],
    ]);
  });

  it('plots the decision function of a device-level model', () => {
    const { data, plotted } = seriesOf([row(5, null, true)]);
    expect(plotted).toBe('decision');
    expect(data[1]).toEqual([-0.5]);
    expect(data[2]).toEqual([-0.5]);
  });
});
