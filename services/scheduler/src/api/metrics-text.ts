import type { QueueDepth, RunState } from '@fleetscore/shared';

/**
 * Prometheus text exposition (format 0.0.4) of the scheduler's gauges (pure). Queue depth by
 * state — KEDA's Redis-list scaler sees only `wait`, so delayed retries and running jobs are
 * exported too — and runs by state.
 */
export function metricsText(input: {
  depth: QueueDepth;
  runs: Partial<Record<RunState, number>>;
  runStates: readonly RunState[];
  desiredReplicas: number;
}): string {
  const lines = [
    '# HELP fleetscore_queue_jobs Jobs on the scoring queue by state (failed jobs wait for a retry and are also counted in delayed).',
    '# TYPE fleetscore_queue_jobs gauge',
  ];
  const depthStates: Array<[string, number]> = [
    ['waiting', input.depth.waiting],
    ['prioritized', input.depth.prioritized],
    ['delayed', input.depth.delayed],
    ['active', input.depth.active],
    ['failed', input.depth.failed],
    ['dead-lettered', input.depth.deadLettered],
  ];
  for (const [state, value] of depthStates)
    lines.push(`fleetscore_queue_jobs{state="${state}"} ${value}`);
  lines.push(
    '# HELP fleetscore_runs Runs whose window started in the last 24 hours, by state.',
    '# TYPE fleetscore_runs gauge',
  );
  for (const state of input.runStates)
    lines.push(`fleetscore_runs{state="${state}"} ${input.runs[state] ?? 0}`);
  lines.push(
    '# HELP fleetscore_scorer_desired_replicas Scorer replicas the backlog needs (as /v1/scaling).',
    '# TYPE fleetscore_scorer_desired_replicas gauge',
    `fleetscore_scorer_desired_replicas ${input.desiredReplicas}`,
  );
  return `${lines.join('\n')}\n`;
}
