import { type JobState, meter } from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';

const METER = 'fleetscore-scheduler';

/** Run durations are minutes to hours: buckets from 10 s to 4 h, seconds. */
const RUN_DURATION_BUCKETS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400];

/**
 * The scheduler's run instruments (OpenTelemetry API; on the process's `/metrics` and exporter).
 * Recorded once per run, when the reconciler ends it: several replicas may reconcile, but only
 * the one whose guarded update ended the run records it.
 */
export function createRunMetrics() {
  const m = meter(METER);
  const duration = m.createHistogram('fleetscore.scheduler.run.duration_seconds', {
    description: 'Time from a run starting (all jobs enqueued) to its end, by kind and state',
    unit: 's',
    advice: { explicitBucketBoundaries: RUN_DURATION_BUCKETS },
  });
  const jobs = m.createCounter('fleetscore.scheduler.run.jobs', {
    description: 'Jobs of ended runs, by final state (succeeded, dead-lettered, cancelled, …)',
  });
  return {
    /** An ended run: its duration and its jobs by final state. */
    ended(run: RunRecord, jobStates: Partial<Record<JobState, number>>): void {
      const attributes = { kind: run.kind, state: run.state };
      if (run.startedAt && run.endedAt) {
        const seconds = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
        if (seconds >= 0) duration.record(seconds, attributes);
      }
      for (const [state, count] of Object.entries(jobStates)) {
        if (count) jobs.add(count, { kind: run.kind, state });
      }
    },
  };
}

export type RunMetrics = ReturnType<typeof createRunMetrics>;
