import { z } from 'zod';
import { RUN_KINDS } from '../run.js';
import { runIdSchema } from '../run-id.js';
import { pageOf } from './fields.js';

// The scheduler API's dead letters: list, and replay one.

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
export type DeadLetterBody = z.infer<typeof deadLetterSchema>;
export const deadLetterPageSchema = pageOf(deadLetterSchema);
export type DeadLetterPage = z.infer<typeof deadLetterPageSchema>;
export const deadLetterParamsSchema = z.object({
  runId: runIdSchema,
  index: z.coerce.number().int().nonnegative(),
});
export const replayResultSchema = z.object({ replayed: z.literal(true), id: z.string() });
