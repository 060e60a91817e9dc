import { describe, expect, it } from 'vitest';
import { KEDA_METRICS_API_TRIGGER, scalingReport, scalingReportSchema } from './keda.js';

describe('scalingReport (KEDA metrics-api)', () => {
  const depth = { waiting: 5, prioritized: 0, delayed: 2, active: 1, failed: 2, deadLettered: 4 };

  it('serves the desired replicas where the trigger reads them, with the backlog and depth', () => {
    const report = scalingReport(depth, { jobsPerReplica: 2, min: 0, max: 10 });
    expect(report).toEqual({ desiredReplicas: 4, backlog: 8, depth });
    expect(scalingReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    // KEDA scales to ⌈value / targetValue⌉: with targetValue 1 that is the value itself.
    const value = report[KEDA_METRICS_API_TRIGGER.valueLocation];
    expect(Math.ceil(value / Number(KEDA_METRICS_API_TRIGGER.targetValue))).toBe(4);
  });

  it('rejects a document without the per-state counts', () => {
    const { prioritized: _, ...old } = depth;
    expect(() =>
      scalingReportSchema.parse({ desiredReplicas: 1, backlog: 1, depth: old }),
    ).toThrow();
  });
});
