import {
  type EventPublisher,
  type PrometheusMetrics,
  problemSchema,
  registerHttpSpans,
} from '@fleetscore/shared';
import { type Authenticator, guardRoutes, registerOpenApiDocument } from '@fleetscore/shared/http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { ingestMetrics } from './ingest-metrics.js';
import { problemErrorHandler } from './problems.js';
import { type RateLimitOptions, registerRateLimit } from './rate-limit.js';
import { registerReadingsRoute } from './readings-route.js';

const API_VERSION = '1.0.0';

/** Bytes allowed per reading in the body limit: a reading with 64-character ids is ~200. */
const BYTES_PER_READING = 512;

export interface IngestDeps {
  /** Where readings are published (partition key = device). */
  stream: EventPublisher;
  /** Guards `POST /v1/readings` (role `readings.write`). */
  auth: Authenticator;
  /**
   * The app's instruments are created on its meter, served on the internal listener's
   * `GET /metrics`. In a service it is the process's (`startTelemetry`), so they also reach
   * OTLP or Azure Monitor.
   */
  metrics: PrometheusMetrics;
  /** Most readings per request; more → 413. Default 5,000. */
  maxBatch?: number;
  /** Most body bytes per request; more → 413 before parsing. Default `maxBatch` × 512. */
  maxBodyBytes?: number;
  /** Most readings per stream event (one device's share is split). Default 500. */
  readingsPerEvent?: number;
  /** `Retry-After` of a 503, seconds. Default 5. */
  retryAfterSeconds?: number;
  /** How long a publish may take before the request fails with 503, ms. Default 10,000. */
  publishTimeoutMs?: number;
  /**
   * Requests per caller (credential, or IP when open) on `POST /v1/readings`, in memory per
   * replica; health and metrics are never limited. Default: no limit (main.ts passes the
   * configured one, 600 per 60 s unless `FLEETSCORE_INGEST_RATE_LIMIT` says otherwise).
   */
  rateLimit?: RateLimitOptions;
  /** Request logging. Default: none. */
  logger?: FastifyBaseLogger;
}

/**
 * The ingest's public HTTP app: `POST /v1/readings` and nothing else (probes, metrics and the
 * OpenAPI document are on the internal listener, `buildOpsApp`). Built from its dependencies;
 * only main.ts listens.
 */
export function buildApp(deps: IngestDeps): FastifyInstance {
  const maxBatch = deps.maxBatch ?? 5_000;
  const app = deps.logger ? Fastify({ loggerInstance: deps.logger }) : Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  registerHttpSpans(app);
  registerOpenApiDocument(
    app,
    {
      title: 'Fleetscore ingest API',
      version: API_VERSION,
      description:
        'Device readings into the event stream. The operation names the role it needs (`x-required-role`). Errors are application/problem+json (RFC 9457). See docs/ingest.md.',
    },
    jsonSchemaTransform,
  );
  // Every route added after this needs a credential holding the role it declares.
  guardRoutes(app, { auth: deps.auth, problemSchema });
  const metrics = ingestMetrics(deps.metrics.meter);
  // A scope of its own for the rate limit's plugin and error handler. The route exists once
  // the app is ready (inject/listen wait).
  app.register(async (scope) => {
    if (deps.rateLimit) await registerRateLimit(scope, deps.rateLimit, problemErrorHandler);
    registerReadingsRoute(scope, {
      stream: deps.stream,
      metrics,
      maxBatch,
      maxBodyBytes: deps.maxBodyBytes ?? maxBatch * BYTES_PER_READING,
      readingsPerEvent: deps.readingsPerEvent ?? 500,
      retryAfterSeconds: deps.retryAfterSeconds ?? 5,
      publishTimeoutMs: deps.publishTimeoutMs ?? 10_000,
    });
  });
  return app;
}

export { buildOpsApp, type IngestOpsDeps } from './ops-app.js';
