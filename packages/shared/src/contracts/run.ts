import { z } from 'zod';
import { windowBlobNameSchema } from './blob-layout.js';
import { entityKeySchema } from './entity.js';
import { runIdSchema } from './run-id.js';

/**
 * Runs and their queue jobs: the contract between the scheduler (plans, enqueues, reports)
 * and the scorer (takes jobs, reports outcomes). Runs are ledger records; jobs are queue
 * messages with a ledger record each.
 */

export const RUN_KINDS = ['score', 'train'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/**
 * `planning`: created, jobs being recorded and enqueued (a crash here is resumed by the
 * reconciler). `running`: all jobs enqueued. Terminal: `succeeded` (every entity scored or
 * had no data), `partial` (some jobs dead-lettered or entities failed / had no model),
 * `failed` (no job succeeded), `cancelled`.
 */
export const RUN_STATES = [
  'planning',
  'running',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
] as const;
export type RunState = (typeof RUN_STATES)[number];
export const TERMINAL_RUN_STATES: readonly RunState[] = [
  'succeeded',
  'partial',
  'failed',
  'cancelled',
];

/**
 * `failed`: the last attempt failed and a retry is due. Terminal: `succeeded`,
 * `dead-lettered` (attempts exhausted or a permanent error), `cancelled`.
 */
export const JOB_STATES = [
  'queued',
  'running',
  'failed',
  'succeeded',
  'dead-lettered',
  'cancelled',
] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'dead-lettered', 'cancelled'];

const iso = z.iso.datetime({ offset: true });

/** scikit-learn's OneClassSVM parameters for training runs; defaults are the reference's. */
export const trainingParamsSchema = z.object({
  nu: z.number().gt(0).lt(1).default(0.0001),
  gamma: z.number().positive().default(0.01),
  kernel: z.enum(['rbf', 'linear', 'poly', 'sigmoid']).default('rbf'),
  standardize: z.boolean().default(true),
});
export type TrainingParams = z.infer<typeof trainingParamsSchema>;

const jobBase = {
  runId: runIdSchema,
  jobIndex: z.number().int().nonnegative(),
  /** Window ends in `[from, to)`. */
  from: iso,
  to: iso,
  /** The device shard whose window blobs hold these entities' windows. */
  shard: z.number().int().nonnegative(),
  /**
   * The shard's window blobs of the range, listed once when the run was planned, so that a job
   * reads without listing and every attempt reads the same input. Absent (older payloads): the
   * job lists the shard's hours itself.
   */
  windows: z.array(windowBlobNameSchema).max(100_000).optional(),
  /**
   * W3C trace context of the span that enqueued the job (the run's launch), so the scorer's
   * span joins the run's trace. Optional: absent when tracing is off, and older payloads.
   */
  traceparent: z.string().max(128).optional(),
  tracestate: z.string().max(512).optional(),
};

/**
 * An entity of a scoring job with the model version the planner chose (the current one when
 * the run was planned): every attempt of the job scores with the same models, so a retry
 * rewrites the same predictions; a version promoted later is used by the next run.
 */
export const plannedEntitySchema = z.object({
  entity: entityKeySchema,
  version: z.number().int().positive(),
});
export type PlannedEntity = z.infer<typeof plannedEntitySchema>;

/** A queue message: score these entities' windows with their current models. */
export const scoringJobSchema = z.object({
  kind: z.literal('score'),
  ...jobBase,
  entities: z.array(plannedEntitySchema).max(10_000),
  /**
   * Also report the sensors with windows in this shard and range that have no current model
   * (`JobRecord.unmodelled`). For runs over every model, the planner sets it on exactly one job
   * per shard, and plans a job with no entities for a shard that has no model.
   */
  reportUnmodelled: z.boolean(),
});
export type ScoringJob = z.infer<typeof scoringJobSchema>;

/** A queue message: fit one model per entity on its windows and register it as current. */
export const trainingJobSchema = z.object({
  kind: z.literal('train'),
  ...jobBase,
  entities: z.array(entityKeySchema).max(10_000),
  params: trainingParamsSchema,
});
export type TrainingJob = z.infer<typeof trainingJobSchema>;

export const jobPayloadSchema = z.discriminatedUnion('kind', [scoringJobSchema, trainingJobSchema]);
export type JobPayload = z.infer<typeof jobPayloadSchema>;

export const ENTITY_STATUSES = ['scored', 'trained', 'no-data', 'no-model', 'failed'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

/** What a job did for one entity. */
export const entityOutcomeSchema = z.object({
  entity: entityKeySchema,
  status: z.enum(ENTITY_STATUSES),
  /** Rows scored (or trained on). */
  rows: z.number().int().nonnegative(),
  anomalies: z.number().int().nonnegative(),
  /** The model version used (scoring) or registered (training). */
  modelVersion: z.number().int().positive().optional(),
  /** Why it failed, had no model, or had rows left out (missing sensors of a device model). */
  reason: z.string().max(500).optional(),
});
export type EntityOutcome = z.infer<typeof entityOutcomeSchema>;
