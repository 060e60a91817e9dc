import { type HealthCheck, registerHealthRoutes } from '@fleetscore/shared';
import Fastify, { type FastifyInstance } from 'fastify';

export interface IngestDeps {
  /** Readiness: the event stream must answer. */
  checks: readonly HealthCheck[];
}

/**
 * The ingest HTTP app, built from its dependencies; only main.ts listens. The readings API
 * (`POST /v1/readings`) lands with the streaming-path issue; today the app serves health.
 */
export function buildApp(deps: IngestDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  registerHealthRoutes(app, deps.checks);
  return app;
}
