import { z } from 'zod';
import { idSchema } from './ids.js';

/**
 * One sensor reading as it travels on the event stream (partition key = device). `ts` is
 * event time, ISO 8601 UTC with milliseconds.
 */
export const readingSchema = z.object({
  device: idSchema,
  sensor: idSchema,
  ts: z.iso.datetime({ offset: true }),
  value: z.number().refine(Number.isFinite, 'expected a finite number'),
});
export type Reading = z.infer<typeof readingSchema>;

/** A batch of readings as one stream event: the unit ingest publishes and the aggregator reads. */
export const readingBatchSchema = z.object({
  /** Unique per accepted request, for tracing and de-duplication of retried publishes. */
  batchId: z.string().min(1).max(128),
  readings: z.array(readingSchema).min(1),
});
export type ReadingBatch = z.infer<typeof readingBatchSchema>;
