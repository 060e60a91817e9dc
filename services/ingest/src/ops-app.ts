import type { HealthCheck, PrometheusMetrics } from '@fleetscore/shared';
import { registerHealthRoutes, registerOpenApiUi } from '@fleetscore/shared/http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

export interface IngestOpsDeps {
  /** Readiness: the event stream must answer. */
  checks: readonly HealthCheck[];
  /** The meter the public app's instruments are on, served as `GET /metrics`. */
  metrics: PrometheusMetrics;
  /** The public app's OpenAPI document (`app.swagger()` of `buildApp`'s app, once ready). */
  openApi: object;
  /** Start-up and error logging (requests are not logged). Default: none. */
  logger?: FastifyBaseLogger;
}

/**
 * The ingest's internal listener (`FLEETSCORE_HEALTH_HOST`/`_PORT`, 9081): `/healthz`,
 * `/readyz`, `/metrics` and the OpenAPI document and UI at `/docs`. No credential and no rate
 * limit: it serves probes and scrapers inside the environment and is never exposed outside it.
 */
export async function buildOpsApp(deps: IngestOpsDeps): Promise<FastifyInstance> {
  // Probes and scrapes every few seconds: not worth a log line each.
  const app = deps.logger
    ? Fastify({ loggerInstance: deps.logger, disableRequestLogging: true })
    : Fastify({ logger: false });
  registerHealthRoutes(app, deps.checks);
  deps.metrics.register(app);
  await registerOpenApiUi(app, deps.openApi);
  await app.ready();
  return app;
}
