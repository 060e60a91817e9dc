import { predictionPageSchema, predictionQuerySchema, problemSchema } from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api/deps.js';
import { queryPredictions } from './query-predictions.js';

export function registerPredictionRoutes(
  app: FastifyInstance,
  deps: Pick<ApiDeps, 'blobs' | 'ledger'>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/predictions',
    {
      schema: {
        summary: "An entity's predictions with window ends in [from, to) (at most 7 days)",
        description:
          'Where several runs scored the same window (a backfill over a scheduled hour), only the row of the run created last is returned.',
        tags: ['predictions'],
        'x-required-role': 'reader',
        querystring: predictionQuerySchema,
        response: { 200: predictionPageSchema, 400: problemSchema, 401: problemSchema },
      },
    },
    async (request) => {
      const { entity, from, to, limit, continuation } = request.query;
      return queryPredictions(deps, {
        entity,
        from: new Date(from),
        to: new Date(to),
        limit,
        ...(continuation ? { continuation } : {}),
      });
    },
  );
}
