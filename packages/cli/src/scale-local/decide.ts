import type { QueueDepth } from '@fleetscore/shared';
import { desiredReplicas } from '@fleetscore/shared/scaling';

/** How `fleetscore scale-local` follows the queue. */
export interface LocalScalePolicy {
  /** Jobs one scorer runs at once (its `FLEETSCORE_SCORER_CONCURRENCY`), ≥ 1. */
  jobsPerReplica: number;
  /** Most scorer processes, ≥ 1. */
  max: number;
  /** How long replicas must have been surplus before they are stopped, ms. */
  idleMs: number;
}

export interface ScaleInput {
  depth: QueueDepth;
  /** Scorer processes running now (not counting those already stopping). */
  running: number;
  /** Since when (ms) more replicas have run than the queue needs; undefined: not surplus. */
  surplusSince: number | undefined;
  /** ms. */
  now: number;
}

export type ScaleDecision =
  | { action: 'start' | 'stop'; count: number; surplusSince: number | undefined }
  | { action: 'hold'; count: 0; surplusSince: number | undefined };

/**
 * One tick of the local autoscaler, pure. Scale-out is immediate: the replicas
 * `desiredReplicas` asks for (the same decision KEDA's metrics-api trigger gets from
 * `/v1/scaling`, min 0) — so a delayed retry with no scorer running wakes one, which BullMQ
 * needs, as only a running worker promotes delayed jobs. Scale-in waits until the surplus has
 * lasted `idleMs` (a gap between two runs' jobs does not stop and restart scorers), then stops
 * the surplus; stopped scorers drain on SIGTERM.
 */
export function decideScale(input: ScaleInput, policy: LocalScalePolicy): ScaleDecision {
  const desired = desiredReplicas(input.depth, {
    jobsPerReplica: policy.jobsPerReplica,
    min: 0,
    max: policy.max,
    current: input.running,
  });
  if (desired > input.running) {
    return { action: 'start', count: desired - input.running, surplusSince: undefined };
  }
  if (desired === input.running) return { action: 'hold', count: 0, surplusSince: undefined };
  const since = input.surplusSince ?? input.now;
  if (input.now - since >= policy.idleMs) {
    return { action: 'stop', count: input.running - desired, surplusSince: undefined };
  }
  return { action: 'hold', count: 0, surplusSince: since };
}
