import { problemSchema, registerHttpSpans } from '@fleetscore/shared';
import { guardRoutes, registerOpenApiDocument } from '@fleetscore/shared/http';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { registerDeadLetterRoutes } from './api/dead-letter-routes.js';
import type { ApiDeps } from './api/deps.js';
import { frameworkErrorHandler, notFoundHandler, problemErrorHandler } from './api/problems.js';
import { registerRunRoutes } from './api/runs-routes.js';
import { registerScheduleRoutes } from './api/schedule-routes.js';
import { registerDashboard } from './dashboard/dashboard.js';
import { registerPredictionRoutes } from './predictions/prediction-routes.js';
import { registerQueueBoard } from './queue-board/queue-board.js';
import { registerModelRoutes } from './registry-front/model-routes.js';

/** Largest model upload by default: a 10,000-support-vector pickle is ~1 MiB. */
const DEFAULT_MAX_MODEL_BYTES = 16 * 1024 * 1024;
const API_VERSION = '1.0.0';

/**
 * The scheduler's public HTTP app: the authenticated REST API, the dashboard, and (local
 * backend) the queue board — nothing open but the dashboard's static files. Probes, metrics,
 * KEDA's scaling endpoint and the OpenAPI document are on the internal listener
 * (`buildOpsApp`, which serves this app's `app.swagger()`). Built from its dependencies; only
 * main.ts listens.
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
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await registerOpenApiDocument(
    app,
    {
      title: 'Fleetscore scheduler API',
      version: API_VERSION,
      description:
        'Runs, jobs, dead letters, predictions and the model registry. Every operation names the role it needs (`x-required-role`). Errors are application/problem+json (RFC 9457). See docs/api.md.',
    },
    jsonSchemaTransform,
  );
  await registerDashboard(app);
  if (deps.queueBoard) await registerQueueBoard(app, { queue: deps.queueBoard, auth: deps.auth });
  // Before any API route: every route added after this needs a credential holding its role.
  guardRoutes(app, { auth: deps.auth, publicReads: deps.publicReads ?? false, problemSchema });

  registerScheduleRoutes(app, { ...deps, now });
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
