import {
  type BatchObservableCallback,
  desiredReplicas,
  type JobQueue,
  type JobState,
  type Meter,
  meter,
  type ObservableCallback,
  type QueueDepth,
  RUN_STATES,
  type RunRecord,
  type RunState,
  type ScalingPolicy,
} from '@fleetscore/shared';

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

const DEPTH_STATES: ReadonlyArray<[string, keyof QueueDepth]> = [
  ['waiting', 'waiting'],
  ['prioritized', 'prioritized'],
  ['delayed', 'delayed'],
  ['active', 'active'],
  ['failed', 'failed'],
  ['dead-lettered', 'deadLettered'],
];

export interface GaugeSources {
  queue: Pick<JobQueue<unknown>, 'depth'>;
  /** Runs whose window started in the last 24 hours, by state. */
  recentRuns: () => Promise<Partial<Record<RunState, number>>>;
  scaling: ScalingPolicy;
}

/**
 * The scheduler's gauges, read from the queue and the ledger at each collection (a scrape or an
 * export interval), not polled: queue depth by state (KEDA's Redis-list scaler sees only
 * `wait`, so delayed retries and running jobs are exported too), the scorer replicas that
 * backlog needs (as `/v1/scaling`), and recent runs by state. One depth read serves the first
 * two; the runs have a callback of their own, so a ledger outage leaves the queue gauges be.
 * Returns the unregister function.
 */
export function observeSchedulerGauges(meter: Meter, sources: GaugeSources): () => void {
  const jobs = meter.createObservableGauge('fleetscore.scheduler.queue.jobs', {
    description:
      'Jobs on the scoring queue by state (failed jobs wait for a retry and are also counted in delayed)',
  });
  const replicas = meter.createObservableGauge('fleetscore.scheduler.desired_replicas', {
    description: 'Scorer replicas the backlog needs (as /v1/scaling)',
  });
  const runs = meter.createObservableGauge('fleetscore.scheduler.runs', {
    description: 'Runs whose window started in the last 24 hours, by state',
  });
  const depthCallback: BatchObservableCallback = async (result) => {
    const depth = await sources.queue.depth();
    for (const [state, key] of DEPTH_STATES) result.observe(jobs, depth[key], { state });
    result.observe(replicas, desiredReplicas(depth, sources.scaling));
  };
  const runsCallback: ObservableCallback = async (result) => {
    const counts = await sources.recentRuns();
    for (const state of RUN_STATES) result.observe(counts[state] ?? 0, { state });
  };
  meter.addBatchObservableCallback(depthCallback, [jobs, replicas]);
  runs.addCallback(runsCallback);
  return () => {
    meter.removeBatchObservableCallback(depthCallback, [jobs, replicas]);
    runs.removeCallback(runsCallback);
  };
}
