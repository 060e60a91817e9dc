import { z } from 'zod';
import { entityKeySchema } from './entity.js';

/**
 * Runs and their queue jobs: the contract between the scheduler (plans, enqueues, reports)
 * and the scorer (takes jobs, reports outcomes). Runs are ledger records; jobs are queue
 * messages with a ledger record each.
 */

/**
 * `{name}-{windowStart}` with the window start in ISO 8601 basic format (UTC, minutes):
 * `hourly-20261125T1000Z`. Scheduled runs have exactly this id, so replicas, restarts and
 * retried ticks agree on it; API and CLI runs add a suffix (`api-20261125T1000Z-k3x9q1`).
 * The id carries its window start, which is how the ledger finds its partition (the day).
 */
export const RUN_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}-\d{8}T\d{4}Z(?:-[a-z0-9]{1,16})?$/;
export const runIdSchema = z.string().regex(RUN_ID_PATTERN, 'expected a run id');

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20261125T1000Z` of a UTC instant (seconds and below are dropped). */
export function compactUtc(at: Date): string {
  const d = at;
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

export function runId(name: string, windowStart: Date, suffix?: string): string {
  const id = `${name}-${compactUtc(windowStart)}${suffix === undefined ? '' : `-${suffix}`}`;
  if (!RUN_ID_PATTERN.test(id)) throw new RangeError(`not a valid run id: ${id}`);
  return id;
}

/** The UTC day (`yyyyMMdd`) of a run's window start, read from its id. */
export function runDay(id: string): string {
  const match = /-(\d{8})T\d{4}Z(?:-[a-z0-9]+)?$/.exec(id);
  if (match?.[1] === undefined) throw new RangeError(`not a run id: ${id}`);
  return match[1];
}

/** A job's idempotency key on the queue (and its id everywhere else). */
export function jobId(run: string, index: number): string {
  return `${run}/${index}`;
}

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

/** A window blob of the layout (`windows/yyyy/MM/dd/HH/shard={s}/{segment}`), nothing else. */
export const WINDOW_BLOB_PATTERN =
  /^windows\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/shard=\d{1,6}\/[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const windowBlobNameSchema = z
  .string()
  .regex(WINDOW_BLOB_PATTERN, 'expected a window blob name')
  .refine((name) => !name.includes('..'), 'expected a window blob name');

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
