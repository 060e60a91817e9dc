import { scalingReport, scalingReportSchema } from '@fleetscore/shared';
import { Cron } from 'croner';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.js';
import { problemSchema, schedulesSchema } from './schemas.js';

type Deps = Pick<ApiDeps, 'queue' | 'schedules' | 'timeZone' | 'scaling' | 'metrics'> & {
  now: () => Date;
};

/** Schedules, Prometheus metrics and the KEDA scaling endpoint. */
export function registerOpsRoutes(app: FastifyInstance, deps: Deps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/v1/schedules',
    {
      schema: {
        summary: 'The cron schedules of scoring runs and their next fire times',
        tags: ['operations'],
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

  api.get(
    '/v1/scaling',
    {
      schema: {
        summary:
          "KEDA metrics-api: scorer replicas the backlog needs (valueLocation 'desiredReplicas', targetValue 1)",
        tags: ['operations'],
        response: { 200: scalingReportSchema },
      },
    },
    async () => scalingReport(await deps.queue.depth(), deps.scaling),
  );

  // The process's meter provider in Prometheus text: the same instruments as OTLP or Azure
  // Monitor get, the scheduler's gauges among them (runs/metrics.ts).
  deps.metrics.register(app);
}
