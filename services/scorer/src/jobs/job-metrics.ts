import { type EntityOutcome, meter } from '@fleetscore/shared';
import type { JobOutcome } from './job-outcome.js';

/** The scorer's meter (models/model-cache-telemetry.ts counts on it too). */
const METER = 'fleetscore-scorer';

/** Job durations: a second to an hour, seconds. */
const JOB_DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * The scorer's job instruments (OpenTelemetry API, on the process's meter provider). Create
 * them after `startTelemetry`: a meter taken before a provider is registered stays a no-op.
 */
export function createScorerMetrics() {
  const m = meter(METER);
  const jobs = m.createCounter('fleetscore.scorer.jobs', {
    description: 'Job deliveries handled, by kind and outcome',
  });
  const duration = m.createHistogram('fleetscore.scorer.job.duration_seconds', {
    description: 'Time a job delivery took, by kind and outcome',
    unit: 's',
    advice: { explicitBucketBoundaries: JOB_DURATION_BUCKETS },
  });
  const rows = m.createCounter('fleetscore.scorer.rows', {
    description: 'Window rows scored (or trained on), by kind',
  });
  const anomalies = m.createCounter('fleetscore.scorer.anomalies', {
    description: 'Rows scored as anomalies',
  });
  const entities = m.createCounter('fleetscore.scorer.entities', {
    description: 'Entities of succeeded jobs, by kind and status (scored, no-data, failed, …)',
  });
  return {
    job(kind: string, outcome: JobOutcome, seconds: number): void {
      jobs.add(1, { kind, outcome });
      duration.record(seconds, { kind, outcome });
    },
    /** The entity outcomes of a succeeded job. */
    outcomes(kind: string, outcomes: readonly EntityOutcome[]): void {
      let rowCount = 0;
      let anomalyCount = 0;
      const byStatus = new Map<string, number>();
      for (const outcome of outcomes) {
        rowCount += outcome.rows;
        anomalyCount += outcome.anomalies;
        byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
      }
      rows.add(rowCount, { kind });
      anomalies.add(anomalyCount, { kind });
      for (const [status, count] of byStatus) entities.add(count, { kind, status });
    },
  };
}

export type ScorerMetrics = ReturnType<typeof createScorerMetrics>;
