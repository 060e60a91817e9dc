import {
  type DeadLetter,
  deadLetterPageSchema,
  deadLetterParamsSchema,
  type JobPayload,
  jobId,
  NotFoundError,
  pageQuerySchema,
  problemSchema,
  replayResultSchema,
} from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.js';

const problems = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };

/** A dead letter as listed: its job's coordinates and size, not the (possibly large) payload. */
function deadLetterBody(letter: DeadLetter<JobPayload>) {
  const payload = letter.payload as Partial<JobPayload> | undefined;
  return {
    id: letter.id,
    ...(payload?.runId !== undefined ? { runId: payload.runId } : {}),
    ...(payload?.jobIndex !== undefined ? { jobIndex: payload.jobIndex } : {}),
    ...(payload?.kind !== undefined ? { kind: payload.kind } : {}),
    ...(Array.isArray(payload?.entities) ? { entities: payload.entities.length } : {}),
    reason: letter.reason,
    attempts: letter.attempts,
    deadLetteredAt: letter.deadLetteredAt.toISOString(),
  };
}

export function registerDeadLetterRoutes(
  app: FastifyInstance,
  deps: Pick<ApiDeps, 'queue' | 'runs'>,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/v1/dead-letters',
    {
      schema: {
        summary: 'Dead-lettered jobs of the scoring queue, oldest first, a page at a time',
        tags: ['dead letters'],
        'x-required-role': 'reader',
        querystring: pageQuerySchema,
        response: { 200: deadLetterPageSchema, ...problems },
      },
    },
    async (request) => {
      const { limit, continuation } = request.query;
      // The queue pages by position (its continuation is passed through as ours), so each page
      // reads about `limit` letters however many there are.
      const page = await deps.queue.deadLetters({
        limit,
        ...(continuation !== undefined && { continuation }),
      });
      return {
        items: page.letters.map(deadLetterBody),
        ...(page.continuation !== undefined && { continuation: page.continuation }),
      };
    },
  );
  // A dead letter's id is `{runId}/{jobIndex}`, so this is `/v1/dead-letters/{id}/replay`.
  api.post(
    '/v1/dead-letters/:runId/:index/replay',
    {
      schema: {
        summary: 'Put a dead-lettered job back on the queue (attempts reset)',
        tags: ['dead letters'],
        'x-required-role': 'runs.operate',
        params: deadLetterParamsSchema,
        response: { 200: replayResultSchema, ...problems },
      },
    },
    async (request) => {
      const id = jobId(request.params.runId, request.params.index);
      const { replayed } = await deps.runs.replayDeadLetter(id);
      if (!replayed) throw new NotFoundError(`no dead letter ${id}`);
      return { replayed: true as const, id };
    },
  );
}
