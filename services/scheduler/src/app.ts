import { registerHealthRoutes, registerHttpSpans } from '@fleetscore/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerDeadLetterRoutes } from './api/dead-letter-routes.js';
import type { ApiDeps } from './api/deps.js';
import { guardRoutes } from './api/guard.js';
import { registerModelRoutes } from './api/models-routes.js';
import { registerOpenApi } from './api/openapi.js';
import { registerOpsRoutes } from './api/ops-routes.js';
import { registerPredictionRoutes } from './api/prediction-routes.js';
import { frameworkErrorHandler, notFoundHandler, problemErrorHandler } from './api/problems.js';
import { registerRunRoutes } from './api/runs-routes.js';
import { registerDashboard } from './dashboard/dashboard.js';
import { observeSchedulerGauges } from './runs/metrics.js';
import { recentRunCounts } from './runs/recent-runs.js';

export type { ApiDeps } from './api/deps.js';

/** Largest model upload by default: a 10,000-support-vector pickle is ~1 MiB. */
const DEFAULT_MAX_MODEL_BYTES = 16 * 1024 * 1024;
const API_VERSION = '1.0.0';

/**
 * The scheduler's HTTP app: the public REST API (OpenAPI 3.1 at `/docs/json`, UI at `/docs`),
 * health, metrics and the KEDA scaling endpoint. Built from its dependencies; only main.ts
 * listens.
 */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  // Router-level refusals (an overlong or badly encoded path) answer problem+json like the rest.
  const frameworkErrors = frameworkErrorHandler;
  const app = deps.log
    ? Fastify({ loggerInstance: deps.log, frameworkErrors })
    : Fastify({ logger: false, frameworkErrors });
  // Before any route: the plugin instruments the routes declared after it.
  registerHttpSpans(app);
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
  await registerOpenApi(app, API_VERSION);
  await registerDashboard(app);
  // Before any route: every route added after this is guarded unless it is an open one.
  guardRoutes(app, { auth: deps.auth, publicReads: deps.publicReads ?? false });

  registerHealthRoutes(app, deps.checks);
  registerOpsRoutes(app, { ...deps, now });
  registerRunRoutes(app, { runs: deps.runs, ledger: deps.ledger, now });
  registerDeadLetterRoutes(app, deps);
  registerPredictionRoutes(app, deps);
  registerModelRoutes(app, {
    registry: deps.registry,
    maxModelBytes: deps.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES,
  });
  await app.ready();
  return app;
}
