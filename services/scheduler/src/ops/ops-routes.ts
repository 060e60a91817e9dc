import { scalingReport, scalingReportSchema } from '@fleetscore/shared/scaling';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OpsDeps } from './ops-app.js';

type Deps = Pick<OpsDeps, 'queue' | 'scaling' | 'metrics'>;

/**
 * The internal listener's own routes: Prometheus metrics and the KEDA scaling endpoint. Open
 * (probes, scrapers and KEDA carry no credential), so never served on the public listener:
 * queue depth and run counts are nobody else's business.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: Deps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/v1/scaling',
    {
      schema: {
        summary:
          "KEDA metrics-api: scorer replicas the backlog needs (valueLocation 'desiredReplicas', targetValue 1)",
        response: { 200: scalingReportSchema },
      },
    },
    async () => scalingReport(await deps.queue.depth(), deps.scaling),
  );

  // The process's meter provider in Prometheus text: the same instruments as OTLP or Azure
  // Monitor get, the scheduler's gauges among them (scheduler-gauges.ts, observed by the ops app).
  deps.metrics.register(app);
}
