import {
  type BatchObservableCallback,
  type JobQueue,
  type Meter,
  type ObservableCallback,
  type QueueDepth,
  RUN_STATES,
  type RunState,
} from '@fleetscore/shared';
import { desiredReplicas, type ScalingPolicy } from '@fleetscore/shared/scaling';

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
