import { z } from 'zod';
import type { QueueDepth } from '../ports/job-queue.js';
import { backlogOf, desiredReplicas, type ScalingPolicy } from './desired-replicas.js';

/**
 * KEDA's `metrics-api` trigger reads one number from a JSON document (`valueLocation`, a GJSON
 * path) and scales to ⌈value / targetValue⌉ replicas. Serving the desired replica count with
 * `targetValue: 1` makes KEDA apply `desiredReplicas` as it is; the default activation value 0
 * wakes a fleet of zero as soon as it is 1. Use these in the ScaledObject's trigger metadata.
 */
export const KEDA_METRICS_API_TRIGGER = {
  valueLocation: 'desiredReplicas',
  targetValue: '1',
} as const;

const count = z.number().int().nonnegative();

export const queueDepthSchema = z.object({
  waiting: count,
  prioritized: count,
  delayed: count,
  active: count,
  failed: count,
  deadLettered: count,
}) satisfies z.ZodType<QueueDepth>;

/** The JSON of a scaling endpoint (`GET /v1/scaling`): KEDA reads `desiredReplicas`. */
export const scalingReportSchema = z.object({
  desiredReplicas: count.describe(
    `scorer replicas the queue needs (KEDA metrics-api valueLocation '${KEDA_METRICS_API_TRIGGER.valueLocation}', targetValue ${KEDA_METRICS_API_TRIGGER.targetValue})`,
  ),
  backlog: count.describe('waiting + prioritized + delayed + active jobs'),
  depth: queueDepthSchema,
});

export type ScalingReport = z.infer<typeof scalingReportSchema>;

export function scalingReport(depth: QueueDepth, policy: ScalingPolicy): ScalingReport {
  return { desiredReplicas: desiredReplicas(depth, policy), backlog: backlogOf(depth), depth };
}
