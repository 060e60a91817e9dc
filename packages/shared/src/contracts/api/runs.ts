import { z } from 'zod';
import { jobRecordSchema, runRecordObject } from '../../ledger/records.js';
import { entityKeySchema } from '../entity.js';
import { RUN_STATES, trainingParamsSchema } from '../run.js';
import { runIdSchema } from '../run-id.js';
import { runReportSchema } from '../run-report.js';
import { continuationSchema, isoTimestamp, orderedRange, pageLimit, pageOf } from './fields.js';

// The scheduler API's runs: trigger, train, list, read, jobs, report, retry, cancel.

const rangeFields = {
  from: isoTimestamp.describe('Window ends from (inclusive), ISO 8601 with offset'),
  to: isoTimestamp.describe('Window ends until (exclusive)'),
  entities: z
    .array(entityKeySchema)
    .min(1)
    .max(100_000)
    .optional()
    .describe('Default: every entity with a current model'),
};

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
    from: isoTimestamp
      .optional()
      .describe('Window starts from (inclusive); default 7 days before `to`'),
    to: isoTimestamp.optional().describe('Window starts until (exclusive); default now + 1 day'),
    status: z.enum(RUN_STATES).optional(),
    limit: pageLimit(50, 500),
    continuation: continuationSchema,
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
export const pageQuerySchema = z.object({
  limit: pageLimit(100, 1000),
  continuation: continuationSchema,
});

export const jobPageSchema = pageOf(jobRecordSchema);
export type JobPage = z.infer<typeof jobPageSchema>;
export type JobBody = JobPage['items'][number];

/** The completeness report, as stored in `runs/{runId}/report.json`. */
export const reportSchema = runReportSchema;
export type ReportBody = z.infer<typeof reportSchema>;

export const retryResultSchema = z.object({ run: runSchema, requeued: z.number().int() });
export type RetryResult = z.infer<typeof retryResultSchema>;
