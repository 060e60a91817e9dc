import { isContinuationToken } from '@fleetscore/registry';
import {
  entityKeySchema,
  idSchema,
  jobRecordSchema,
  RUN_KINDS,
  RUN_STATES,
  runIdSchema,
  runRecordObject,
  trainingParamsSchema,
} from '@fleetscore/shared';
import { z } from 'zod';
import { runReportSchema } from '../runs/report-store.js';

/**
 * Request and response schemas of the REST API: fastify validates with them, the OpenAPI
 * document is generated from them, and the CLI uses their types (exported from the package).
 */

const iso = z.iso.datetime({ offset: true });
const limit = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
const continuation = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .describe('Opaque token from the previous page');

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');
export type ProblemBody = z.infer<typeof problemSchema>;

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), continuation: z.string().optional() });

// --- runs -------------------------------------------------------------------------------

const rangeFields = {
  from: iso.describe('Window ends from (inclusive), ISO 8601 with offset'),
  to: iso.describe('Window ends until (exclusive)'),
  entities: z
    .array(entityKeySchema)
    .min(1)
    .max(100_000)
    .optional()
    .describe('Default: every entity with a current model'),
};
const orderedRange = (value: { from: string; to: string }) =>
  Date.parse(value.from) < Date.parse(value.to);

export const runRequestSchema = z
  .object({ ...rangeFields, trigger: z.enum(['api', 'cli']).default('api') })
  .refine(orderedRange, { message: 'from must be before to', path: ['to'] });
export type RunRequestBody = z.input<typeof runRequestSchema>;

export const trainingRequestSchema = z
  .object({ ...rangeFields, params: trainingParamsSchema.prefault({}) })
  .refine(orderedRange, { message: 'from must be before to', path: ['to'] });
export type TrainingRequestBody = z.input<typeof trainingRequestSchema>;

export const runSchema = runRecordObject.extend({
  durationMs: z.number().optional().describe('From creation to end (or until now while it runs)'),
});
export type RunBody = z.infer<typeof runSchema>;

export const runListQuerySchema = z
  .object({
    from: iso.optional().describe('Window starts from (inclusive); default 7 days before `to`'),
    to: iso.optional().describe('Window starts until (exclusive); default now + 1 day'),
    status: z.enum(RUN_STATES).optional(),
    limit: limit(50, 500),
    continuation,
  })
  .refine(
    (q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to),
    {
      message: 'from must be before to',
      path: ['to'],
    },
  );
export const runPageSchema = pageOf(runSchema);
export type RunPage = z.infer<typeof runPageSchema>;

export const runIdParamsSchema = z.object({ id: runIdSchema });
export const pageQuerySchema = z.object({ limit: limit(100, 1000), continuation });

export const jobPageSchema = pageOf(jobRecordSchema);
export type JobPage = z.infer<typeof jobPageSchema>;

/** The completeness report, as stored in `runs/{runId}/report.json`. */
export const reportSchema = runReportSchema;
export type ReportBody = z.infer<typeof reportSchema>;

export const retryResultSchema = z.object({ run: runSchema, requeued: z.number().int() });
export type RetryResult = z.infer<typeof retryResultSchema>;

// --- dead letters -----------------------------------------------------------------------

export const deadLetterSchema = z.object({
  id: z.string().describe('`{runId}/{jobIndex}`'),
  runId: z.string().optional(),
  jobIndex: z.number().int().optional(),
  kind: z.enum(RUN_KINDS).optional(),
  entities: z.number().int().optional().describe('Entities in the job'),
  reason: z.string(),
  attempts: z.number().int(),
  deadLetteredAt: z.string(),
});
export const deadLetterPageSchema = pageOf(deadLetterSchema);
export type DeadLetterPage = z.infer<typeof deadLetterPageSchema>;
export const deadLetterParamsSchema = z.object({
  runId: runIdSchema,
  index: z.coerce.number().int().nonnegative(),
});
export const replayResultSchema = z.object({ replayed: z.literal(true), id: z.string() });

// --- predictions ------------------------------------------------------------------------

export const predictionQuerySchema = z
  .object({
    entity: entityKeySchema.describe('`device/sensor`, or `device` for all of its rows'),
    from: iso,
    to: iso,
    limit: limit(1000, 10_000),
    continuation,
  })
  .refine(orderedRange, { message: 'from must be before to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 7 * 24 * 3_600_000, {
    message: 'at most 7 days per query',
    path: ['to'],
  });
export const predictionSchema = z.object({
  ts: z.string().describe('Window end'),
  device: z.string(),
  sensor: z.string().describe('Empty for a device-level model'),
  value: z.number().nullable().describe('The window value; null for a device-level model'),
  anomaly: z.boolean().describe('The `Prediction` column: decision ≤ 0'),
  decision: z.number(),
  modelVersion: z.number().int(),
  runId: z.string(),
});
export type PredictionBody = z.infer<typeof predictionSchema>;
export const predictionPageSchema = pageOf(predictionSchema);
export type PredictionPage = z.infer<typeof predictionPageSchema>;

// --- models -----------------------------------------------------------------------------

export const modelEntrySchema = z.object({
  entity: z.string(),
  current: z.number().int(),
  latest: z.number().int(),
  previous: z.number().int().optional(),
  updatedAt: z.string(),
});
export type ModelEntryBody = z.infer<typeof modelEntrySchema>;
export const modelVersionSchema = z.object({
  entity: z.string(),
  version: z.number().int(),
  blob: z.string(),
  createdAt: z.string(),
  source: z.enum(['json', 'pickle', 'joblib', 'training']),
  sha256: z.string(),
  features: z.array(z.string()),
  nSupport: z.number().int(),
  kernel: z.string(),
  note: z.string().optional(),
});
export type ModelVersionBody = z.infer<typeof modelVersionSchema>;
export const modelDetailSchema = z.object({
  entry: modelEntrySchema,
  versions: z.array(modelVersionSchema),
});
export type ModelDetail = z.infer<typeof modelDetailSchema>;
export const modelPageSchema = pageOf(modelEntrySchema);
export type ModelPage = z.infer<typeof modelPageSchema>;
/**
 * A models page token is checked by the registry's own decoder (`isContinuationToken`), here
 * because the registry answers any other token with a RangeError, which the API could only
 * report as a 500. (A copy of the rule once let `0/0` through: an entity key, not a row key.)
 */
export const modelListQuerySchema = z.object({
  device: idSchema.optional(),
  limit: limit(100, 1000),
  continuation: continuation.refine(
    (token) => token === undefined || isContinuationToken(token),
    'invalid continuation token',
  ),
});
export const deviceParamsSchema = z.object({ device: idSchema });
export const sensorParamsSchema = z.object({ device: idSchema, sensor: idSchema });
export const uploadQuerySchema = z.object({
  current: z.stringbool().default(true).describe('Make the new version current (default true)'),
  features: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64})*$/)
    .optional()
    .describe('Comma-separated feature names, for a pickle that does not carry them'),
  note: z.string().max(200).optional().describe('Provenance kept with the version'),
});
export const setCurrentSchema = z.object({ version: z.number().int().positive() });

// --- operations -------------------------------------------------------------------------

export const schedulesSchema = z.object({
  timeZone: z.string(),
  schedules: z.array(
    z.object({ name: z.string(), cron: z.string(), nextRunAt: z.string().nullable() }),
  ),
});
export type SchedulesBody = z.infer<typeof schedulesSchema>;
