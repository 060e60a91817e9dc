import { z } from 'zod';
import { entityKeySchema } from './entity.js';
import { entityOutcomeSchema, RUN_KINDS } from './run.js';
import { runIdSchema } from './run-id.js';

/**
 * The log of one job attempt (`logBlobName`): the reference's per-job stdout/stderr in Blob,
 * written by the scorer, read back by the scheduler's reconciler for per-entity outcomes. One
 * JSON object per line, each an event with its time `at`; the last attempt's log replaces the
 * earlier ones (the ledger counts the attempts).
 */

const count = z.number().int().nonnegative();
const at = z.iso.datetime({ offset: true });

/**
 * How a scoring job's models reached the scorer's cache: all held already (`cached`), the one
 * missing read alone (`single`), from the job's model pack (`pack`), or read from the registry
 * and packed for the next runs (`built`).
 */
export const MODEL_SOURCES = ['cached', 'pack', 'built', 'single'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export const JOB_END_STATES = ['succeeded', 'failed', 'dead-lettered', 'cancelled'] as const;

export const jobLogLineSchema = z.discriminatedUnion('event', [
  z.object({
    at,
    event: z.literal('start'),
    runId: runIdSchema,
    jobIndex: count,
    kind: z.enum(RUN_KINDS),
    attempt: z.number().int().positive(),
    workerId: z.string(),
    shard: count,
    /** The job's window range, as its payload has it. */
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    entities: count,
  }),
  z.object({ at, event: z.literal('windows'), windows: count, readMs: count }),
  z.object({
    at,
    event: z.literal('models'),
    /** The model version of each entity. */
    versions: z.record(entityKeySchema, z.number().int().positive()),
    source: z.enum(MODEL_SOURCES).optional(),
  }),
  entityOutcomeSchema.extend({ at, event: z.literal('entity') }),
  z.object({ at, event: z.literal('warning'), message: z.string() }),
  /** Entity keys of sensors with windows and no current model. */
  z.object({ at, event: z.literal('unmodelled'), sensors: z.array(entityKeySchema) }),
  z.object({
    at,
    event: z.literal('end'),
    state: z.enum(JOB_END_STATES),
    rows: count,
    anomalies: count,
    /** Phase durations, ms. */
    timings: z.record(z.string(), z.number()),
    /** The prediction blob written (scoring jobs that succeeded). */
    predictions: z.string().optional(),
    error: z.string().optional(),
  }),
]);
export type JobLogLine = z.infer<typeof jobLogLineSchema>;

/** What a writer adds: a line without its time (`formatJobLogLine` stamps it). */
export type JobLogEvent = JobLogLine extends infer L
  ? L extends JobLogLine
    ? Omit<L, 'at'>
    : never
  : never;

/** One event as its NDJSON line, newline included, `at` first. */
export function formatJobLogLine(now: Date, event: JobLogEvent): string {
  return `${JSON.stringify({ at: now.toISOString(), ...event })}\n`;
}

/**
 * The events of a job log's text. A line that is not one of these events is skipped, not an
 * error: a log is a record for people first, and a reader takes what it knows from it (the
 * reconciler falls back to the job record for what it cannot find).
 */
export function parseJobLog(text: string): JobLogLine[] {
  const lines: JobLogLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = jobLogLineSchema.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
  }
  return lines;
}
