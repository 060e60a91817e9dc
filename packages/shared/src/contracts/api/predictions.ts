import { z } from 'zod';
import { entityKeySchema } from '../entity.js';
import { continuationSchema, isoTimestamp, orderedRange, pageLimit, pageOf } from './fields.js';

// The scheduler API's predictions of one entity over a time range.

export const predictionQuerySchema = z
  .object({
    entity: entityKeySchema.describe('`device/sensor`, or `device` for all of its rows'),
    from: isoTimestamp,
    to: isoTimestamp,
    limit: pageLimit(1000, 10_000),
    continuation: continuationSchema,
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
