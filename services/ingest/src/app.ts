import { buildHealthApp, type HealthCheck } from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';

export interface IngestDeps {
  /** Readiness: the event stream must answer. */
  checks: readonly HealthCheck[];
}

/**
 * The ingest HTTP app, built from its dependencies; only main.ts listens. The readings API
 * (`POST /v1/readings`) lands with the streaming-path issue; today the app serves health.
 */
export function buildApp(deps: IngestDeps): FastifyInstance {
  return buildHealthApp(deps.checks);
}
