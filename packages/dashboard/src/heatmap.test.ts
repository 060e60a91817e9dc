import type { PredictionBody } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { binAnomalies, heatColour } from './heatmap.js';

const FROM = Date.UTC(2026, 10, 25, 10);
const row = (device: string, sensor: string, minute: number, anomaly: boolean): PredictionBody => ({
  ts: new Date(FROM + minute * 60_000).toISOString(),
  device,
  sensor,
  value: sensor ? 1 : null,
  anomaly,
  decision: anomaly ? -1 : 1,
  modelVersion: 1,
  runId: 'r',
});

describe('binAnomalies', () => {
  it('counts rows and anomalies per entity and bucket of [from, to)', () => {
    const map = binAnomalies(
      [
        row('d1', 's1', 0, true),
        row('d1', 's1', 14, false),
        row('d1', 's1', 15, false),
        row('d1', '', 59, true),
        row('d1', 's1', 60, true), // at `to`: outside
        row('d9', 's1', 1, true), // not asked for
      ],
      ['d1/s1', 'd1'],
      { from: FROM, to: FROM + 3_600_000 },
      4,
    );
    expect(map.bucketMs).toBe(900_000);
    expect(map.buckets[1]).toBe(FROM + 900_000);
    expect(map.cells[0]).toEqual([
      { rows: 2, anomalies: 1 },
      { rows: 1, anomalies: 0 },
      { rows: 0, anomalies: 0 },
      { rows: 0, anomalies: 0 },
    ]);
    expect(map.cells[1]![3]).toEqual({ rows: 1, anomalies: 1 });
  });

  it('colours by rate, and empty cells apart', () => {
    expect(heatColour({ rows: 0, anomalies: 0 })).toBe('#e5e7eb');
    expect(heatColour({ rows: 4, anomalies: 0 })).toBe('rgb(255, 255, 255)');
    expect(heatColour({ rows: 4, anomalies: 4 })).toBe('rgb(185, 28, 28)');
  });
});
