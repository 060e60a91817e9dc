import { PREDICTION_HEADER } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { type FoundRow, latestRows, readPredictionRows } from './prediction-rows.js';

const csv = (...rows: string[]) => `${PREDICTION_HEADER}${rows.join('\n')}\n`;
const at = (iso: string) => Date.parse(iso);
const range = { from: at('2026-11-25T10:00:00Z'), to: at('2026-11-25T11:00:00Z') };

describe('readPredictionRows', () => {
  const text = csv(
    '2026-11-25T10:00:05.000Z,d1,s1,1.5,0,0.25,3,hourly-20261125T1000Z',
    '2026-11-25T10:00:05.000Z,d1,s2,7,1,-0.5,1,hourly-20261125T1000Z',
    '2026-11-25T10:00:05.000Z,d1,,,1,-0.1,2,hourly-20261125T1000Z',
    '2026-11-25T10:00:05.000Z,d2,s1,2,0,1,1,hourly-20261125T1000Z',
    '2026-11-25T11:00:00.000Z,d1,s1,1,0,1,3,hourly-20261125T1000Z',
  );

  it("keeps a sensor's rows in the range, with their positions", () => {
    const rows = readPredictionRows('b', text, {
      entity: { device: 'd1', sensor: 's1' },
      ...range,
    });
    expect(rows).toEqual([
      {
        blob: 'b',
        row: 0,
        prediction: {
          ts: '2026-11-25T10:00:05.000Z',
          device: 'd1',
          sensor: 's1',
          value: 1.5,
          anomaly: false,
          decision: 0.25,
          modelVersion: 3,
          runId: 'hourly-20261125T1000Z',
        },
      },
    ]);
  });

  it('gives a device every row of it, device-level rows with a null value', () => {
    const rows = readPredictionRows('b', text, { entity: { device: 'd1' }, ...range });
    expect(
      rows.map((r) => [r.row, r.prediction.sensor, r.prediction.value, r.prediction.anomaly]),
    ).toEqual([
      [0, 's1', 1.5, false],
      [1, 's2', 7, true],
      [2, '', null, true],
    ]);
  });

  it('refuses a blob that is not a prediction CSV', () => {
    expect(() =>
      readPredictionRows('b', 'TS,Device\n', { entity: { device: 'd' }, ...range }),
    ).toThrow(/not a prediction blob/);
  });
});

describe('latestRows', () => {
  const found = (blob: string, row: number, ts: string, runId: string, sensor = 's'): FoundRow => ({
    blob,
    row,
    prediction: {
      ts,
      device: 'd',
      sensor,
      value: 1,
      anomaly: false,
      decision: 1,
      modelVersion: 1,
      runId,
    },
  });

  it('keeps the latest run of each (entity, window) and orders by blob and row', () => {
    const rank = (id: string) => ({ early: 1, late: 2 })[id as 'early' | 'late'] ?? -1;
    const rows = [
      found('p/run=late/job=0.csv', 0, '2026-11-25T10:00:05Z', 'late'),
      found('p/run=early/job=0.csv', 0, '2026-11-25T10:00:05.000Z', 'early'),
      found('p/run=early/job=0.csv', 1, '2026-11-25T10:00:10Z', 'early'),
      found('p/run=early/job=0.csv', 2, '2026-11-25T10:00:05Z', 'early', 'other'),
    ];
    expect(latestRows(rows, rank).map((r) => `${r.blob}#${r.row}`)).toEqual([
      'p/run=early/job=0.csv#1',
      'p/run=early/job=0.csv#2',
      'p/run=late/job=0.csv#0',
    ]);
  });
});
