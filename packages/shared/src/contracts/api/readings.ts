import { z } from 'zod';

// The ingest API's `POST /v1/readings`: its query, headers and 202 answer. The body's items
// are `readingSchema` (or the reference simulator's shape), checked one by one by ingest.

export const readingsQuerySchema = z.object({ partial: z.stringbool().default(false) });
export const readingsHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,48}$/)
    .optional(),
});
export const readingsAcceptedSchema = z.object({
  accepted: z.number().int(),
  batchId: z.string(),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
});
export type ReadingsAccepted = z.infer<typeof readingsAcceptedSchema>;
