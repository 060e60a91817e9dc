import type { QueueDepth } from '../ports/job-queue.js';

/** How scorer replicas follow the queue. */
export interface ScalingPolicy {
  /** Jobs one replica works on at once (its consumer concurrency), ≥ 1. */
  jobsPerReplica: number;
  /** Fewest replicas, ≥ 0; 0 lets the fleet scale to zero when there is nothing to do. */
  min: number;
  /** Most replicas, ≥ min. A hard cap: it wins over every other rule. */
  max: number;
  /**
   * Replicas running now, when the caller knows (the local autoscaler does; KEDA's metrics-api
   * caller does not). It lets scale-in keep every replica that may hold an active job.
   */
  current?: number;
}

/**
 * Jobs that need a replica now or soon: waiting, prioritized, delayed (first deliveries and
 * retries waiting for their backoff — on BullMQ only a running worker promotes them, so they
 * must count) and active. `failed` is a subset of `delayed` and dead letters need no replica,
 * so neither is added.
 */
export function backlogOf(depth: QueueDepth): number {
  return depth.waiting + depth.prioritized + depth.delayed + depth.active;
}

/**
 * The number of scorer replicas the queue needs — the one decision behind KEDA's metrics-api
 * trigger and the local autoscaler:
 *
 * - no backlog → `min` (0 allows scale to zero);
 * - else ⌈backlog / jobsPerReplica⌉, and at least 1, so a delayed retry wakes a fleet of zero
 *   (the case KEDA's Redis-list scaler misses: it sees only `wait`);
 * - never fewer than the replicas the active jobs occupy: ⌈active / jobsPerReplica⌉, and
 *   when `current` is known, min(current, active) — which replica holds which job is unknown,
 *   so every replica that may be mid-job is kept;
 * - then clamped to [min, max].
 */
export function desiredReplicas(depth: QueueDepth, policy: ScalingPolicy): number {
  checkPolicy(policy);
  const { jobsPerReplica, min, max, current } = policy;
  const backlog = backlogOf(depth);
  if (backlog <= 0) return clamp(min, min, max);
  const forBacklog = Math.max(1, Math.ceil(backlog / jobsPerReplica));
  const busy = Math.max(
    Math.ceil(depth.active / jobsPerReplica),
    current === undefined ? 0 : Math.min(current, depth.active),
  );
  return clamp(Math.max(forBacklog, busy), min, max);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function checkPolicy({ jobsPerReplica, min, max, current }: ScalingPolicy): void {
  const ok =
    Number.isSafeInteger(jobsPerReplica) &&
    jobsPerReplica >= 1 &&
    Number.isSafeInteger(min) &&
    min >= 0 &&
    Number.isSafeInteger(max) &&
    max >= min &&
    (current === undefined || (Number.isSafeInteger(current) && current >= 0));
  if (!ok) {
    throw new RangeError(
      `invalid scaling policy ${JSON.stringify({ jobsPerReplica, min, max, current })}: ` +
        'integers with jobsPerReplica ≥ 1, 0 ≤ min ≤ max, current ≥ 0',
    );
  }
}
