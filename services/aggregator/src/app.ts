import { type HealthCheck, registerHealthRoutes } from '@fleetscore/shared';
import Fastify, { type FastifyInstance } from 'fastify';

export interface AggregatorDeps {
  /** Readiness: the event stream and the blob store must answer. */
  checks: readonly HealthCheck[];
}

/**
 * The aggregator's small HTTP surface (health and readiness for the orchestrator). The stream
 * consumer and the windowing land with the streaming-path issue.
 */
export function buildApp(deps: AggregatorDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  registerHealthRoutes(app, deps.checks);
  return app;
}
