import { z } from 'zod';
import {
  entityOutcomeSchema,
  JOB_STATES,
  RUN_KINDS,
  RUN_STATES,
  trainingParamsSchema,
} from '../contracts/run.js';
import { runIdSchema } from '../contracts/run-id.js';
import { jobSummarySchema, runTotalsSchema } from '../contracts/run-totals.js';
import type { JobRecord, RunRecord } from './ledger.js';

/**
 * The ledger's records as stored: read back through these, so a record that an older or buggy
 * writer left malformed fails loudly with its key instead of flowing on as a wrong type. The
 * annotations tie each schema to its interface in ledger.ts.
 */

const iso = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const runTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('schedule'), schedule: z.string() }),
  z.object({ kind: z.enum(['api', 'cli']), by: z.string().optional() }),
]);

/** The run record's fields (the API extends it); `runRecordSchema` is the checked type. */
export const runRecordObject = z.object({
  id: runIdSchema,
  kind: z.enum(RUN_KINDS),
  trigger: runTriggerSchema,
  from: iso,
  to: iso,
  entities: z.array(z.string()).optional(),
  params: trainingParamsSchema.optional(),
  state: z.enum(RUN_STATES),
  createdAt: iso,
  startedAt: iso.optional(),
  endedAt: iso.optional(),
  jobCount: count,
  jobStates: z.partialRecord(z.enum(JOB_STATES), count),
  totals: runTotalsSchema.optional(),
  report: z.string().optional(),
  reason: z.string().optional(),
});

export const runRecordSchema: z.ZodType<RunRecord> = runRecordObject;

export const jobRecordSchema: z.ZodType<JobRecord> = z.object({
  runId: runIdSchema,
  index: count,
  shard: count,
  size: count,
  state: z.enum(JOB_STATES),
  attempts: count,
  queuedAt: iso,
  startedAt: iso.optional(),
  endedAt: iso.optional(),
  durationMs: z.number().nonnegative().optional(),
  workerId: z.string().optional(),
  error: z.string().optional(),
  summary: jobSummarySchema.optional(),
  problems: z.array(entityOutcomeSchema).optional(),
  problemsMore: count.optional(),
  counts: z
    .string()
    .regex(/^(?:\d+:\d+(?:,\d+:\d+)*)?$/)
    .optional(),
  predictions: z.string().optional(),
  log: z.string().optional(),
  unmodelled: z.array(z.string()).optional(),
  unmodelledMore: count.optional(),
});

/** A schedule's last tick: the `schedules` partition of the runs table. */
export const scheduleTickSchema = z.object({ schedule: z.string(), tick: iso });
export type ScheduleTickRecord = z.infer<typeof scheduleTickSchema>;
