import { z } from 'zod';

/** Every error answer of the ingest and scheduler APIs (`application/problem+json`). */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');
export type ProblemBody = z.infer<typeof problemSchema>;
