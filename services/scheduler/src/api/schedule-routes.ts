import { problemSchema, schedulesSchema } from '@fleetscore/shared';
import { Cron } from 'croner';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.js';

type Deps = Pick<ApiDeps, 'schedules' | 'timeZone'> & { now: () => Date };

/** `GET /v1/schedules`: the cron schedules and their next fire times. */
export function registerScheduleRoutes(app: FastifyInstance, deps: Deps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/schedules',
    {
      schema: {
        summary: 'The cron schedules of scoring runs and their next fire times',
        tags: ['operations'],
        'x-required-role': 'reader',
        response: { 200: schedulesSchema, 401: problemSchema },
      },
    },
    async () => {
      const at = deps.now();
      return {
        timeZone: deps.timeZone,
        schedules: deps.schedules.map(({ name, cron }) => {
          const next = new Cron(cron, { timezone: deps.timeZone, paused: true }).nextRun(at);
          return { name, cron, nextRunAt: next ? next.toISOString() : null };
        }),
      };
    },
  );
}
