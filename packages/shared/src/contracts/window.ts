import { z } from 'zod';
import { idSchema } from './ids.js';

/** The aggregates a deployment can compute per window; `avg` is the reference's. */
export const AGGREGATES = ['avg', 'min', 'max', 'count', 'sum', 'stddev'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/**
 * One closed tumbling window of one (device, sensor), as written to the window blobs (one JSON
 * object per NDJSON line). `end` is the window's end, ISO 8601 UTC — the reference's `TS`,
 * Stream Analytics' `System.Timestamp`. Windows are start-exclusive, end-inclusive.
 */
export const windowSchema = z.object({
  device: idSchema,
  sensor: idSchema,
  end: z.iso.datetime({ offset: true }),
  /** Window length, seconds. */
  seconds: z.number().int().positive(),
  count: z.number().int().positive(),
  /** The configured aggregates, e.g. `{ avg: 84.9 }`. */
  values: z.partialRecord(z.enum(AGGREGATES), z.number()),
});
export type WindowRecord = z.infer<typeof windowSchema>;
