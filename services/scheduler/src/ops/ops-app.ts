import type { PrometheusMetrics } from '@fleetscore/shared';
import { registerHealthRoutes, registerOpenApiUi } from '@fleetscore/shared/http';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api/deps.js';
import { notFoundHandler, problemErrorHandler } from '../api/problems.js';
import { registerOpsRoutes } from './ops-routes.js';
import { recentRunCounts } from './recent-runs.js';
import { observeSchedulerGauges } from './scheduler-gauges.js';

export type OpsDeps = Pick<ApiDeps, 'checks' | 'queue' | 'ledger' | 'scaling' | 'log' | 'now'> & {
  /** The public app's OpenAPI document (`app.swagger()` of `buildApp`'s app). */
  openApi: object;
  /**
   * Served on `GET /metrics`; the scheduler's gauges are created on its meter. In the service it
   * is the process's (`startTelemetry`), so they also reach OTLP or Azure Monitor.
   */
  metrics: PrometheusMetrics;
};

/**
 * The scheduler's internal listener (`FLEETSCORE_HEALTH_HOST`/`_PORT`, 9080): `/healthz`,
 * `/readyz`, `/metrics`, `/v1/scaling` for KEDA, and the API's OpenAPI document and UI at
 * `/docs`. No credential: it serves probes, scrapers and KEDA inside the environment and is
 * never exposed outside it (queue depth and run counts are operational detail). It owns the
 * scheduler's gauges (queue jobs, recent runs, desired replicas) for as long as it is open.
 */
export async function buildOpsApp(deps: OpsDeps): Promise<FastifyInstance> {
  // Probes and scrapes every few seconds: not worth a log line each.
  const app = deps.log
    ? Fastify({ loggerInstance: deps.log, disableRequestLogging: true })
    : Fastify({ logger: false });
  const now = deps.now ?? (() => new Date());
  const stopGauges = observeSchedulerGauges(deps.metrics.meter, {
    queue: deps.queue,
    recentRuns: () => recentRunCounts(deps.ledger, now()),
    scaling: deps.scaling,
  });
  app.addHook('onClose', async () => stopGauges());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(notFoundHandler);
  registerHealthRoutes(app, deps.checks);
  registerOpsRoutes(app, deps);
  await registerOpenApiUi(app, deps.openApi);
  await app.ready();
  return app;
}
