import {
  type Authenticator,
  type EventStream,
  type HealthCheck,
  type PrometheusMetrics,
  registerHealthRoutes,
  registerHttpSpans,
} from '@fleetscore/shared';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ingestMetrics } from './ingest-metrics.js';
import { problemErrorHandler } from './problems.js';
import { type RateLimitOptions, registerRateLimit } from './rate-limit.js';
import { registerReadingsRoute } from './readings-route.js';

/** Bytes allowed per reading in the body limit: a reading with 64-character ids is ~200. */
const BYTES_PER_READING = 512;

export interface IngestDeps {
  /** Readiness: the event stream must answer. */
  checks: readonly HealthCheck[];
  /** Where readings are published (partition key = device). */
  stream: EventStream;
  /** Guards `POST /v1/readings`; health and metrics stay open. */
  auth: Authenticator;
  /**
   * Served on `GET /metrics`; the app's instruments are created on its meter. In a service it
   * is the process's (`startTelemetry`), so they also reach OTLP or Azure Monitor.
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

/** The ingest HTTP app, built from its dependencies; only main.ts listens. */
export function buildApp(deps: IngestDeps): FastifyInstance {
  const maxBatch = deps.maxBatch ?? 5_000;
  const app = deps.logger ? Fastify({ loggerInstance: deps.logger }) : Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  registerHttpSpans(app);
  registerHealthRoutes(app, deps.checks);
  deps.metrics.register(app);
  const metrics = ingestMetrics(deps.metrics.meter);
  // A scope of its own: the rate limit applies to the routes registered in it, not to the
  // probes and /metrics above. The route exists once the app is ready (inject/listen wait).
  app.register(async (scope) => {
    if (deps.rateLimit) await registerRateLimit(scope, deps.rateLimit, problemErrorHandler);
    registerReadingsRoute(scope, {
      stream: deps.stream,
      auth: deps.auth,
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
