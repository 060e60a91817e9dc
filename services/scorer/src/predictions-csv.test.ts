import { describe, expect, it } from 'vitest';
import { logBlobName, predictionsBlobName } from './blob-names.js';
import { anomalyOf, formatPredictions, type PredictionRow } from './predictions-csv.js';

const RUN = 'hourly-20261125T1000Z';

describe('prediction CSV', () => {
  it('has the reference columns plus decision, version and run, sorted by (TS, Device, Tag)', () => {
    const row = (ts: string, device: string, tag: string, decision: number): PredictionRow => ({
      ts,
      device,
      tag,
      value: tag === '' ? undefined : 0.1 + 0.2,
      decision,
      modelVersion: 3,
    });
    const csv = formatPredictions(
      [
        row('2026-11-25T10:00:10.000Z', 'd1', 'b', -0.5),
        row('2026-11-25T10:00:05.000Z', 'd2', 'a', 1e-300),
        row('2026-11-25T10:00:10.000Z', 'd1', 'a', 0),
        row('2026-11-25T10:00:05.000Z', 'd1', '', 2),
      ],
      RUN,
    );
    expect(csv.split('\n')).toEqual([
      'TS,Device,Tag,Val,Prediction,Decision,ModelVersion,RunId',
      `2026-11-25T10:00:05.000Z,d1,,,0,2,3,${RUN}`,
      `2026-11-25T10:00:05.000Z,d2,a,0.30000000000000004,0,1e-300,3,${RUN}`,
      `2026-11-25T10:00:10.000Z,d1,a,0.30000000000000004,1,0,3,${RUN}`,
      `2026-11-25T10:00:10.000Z,d1,b,0.30000000000000004,1,-0.5,3,${RUN}`,
      '',
    ]);
  });

  it('prints numbers that parse back to the same float64', () => {
    for (const x of [Math.PI, -1 / 3, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]) {
      const csv = formatPredictions(
        [
          {
            ts: '2026-01-01T00:00:00Z',
            device: 'd',
            tag: 't',
            value: x,
            decision: x,
            modelVersion: 1,
          },
        ],
        RUN,
      );
      const cells = csv.split('\n')[1]!.split(',');
      expect(Number(cells[3])).toBe(x);
      expect(Number(cells[5])).toBe(x);
    }
  });

  it("labels like libsvm's predict: anomaly unless the decision is strictly positive", () => {
    expect([1e-9, 0, -0, -1, Number.NaN].map(anomalyOf)).toEqual([0, 1, 1, 1, 1]);
  });
});

describe('blob names', () => {
  it('put predictions under the hour of the job start and logs under the run', () => {
    const from = new Date('2026-11-25T10:00:00Z');
    expect(predictionsBlobName(RUN, 7, from)).toBe(
      `predictions/2026/11/25/10/run=${RUN}/job=7.csv`,
    );
    expect(logBlobName(RUN, 0)).toBe(`logs/run=${RUN}/job=0.ndjson`);
  });

  it('refuse ids that are not valid', () => {
    expect(() => logBlobName('../x', 1)).toThrow();
    expect(() => logBlobName(RUN, -1)).toThrow(/job index/);
  });
});
