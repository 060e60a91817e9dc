import { buildHealthApp, type HealthCheck } from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';

export interface SchedulerDeps {
  /** Readiness: the run ledger's table, the job queue and the blob store must answer. */
  checks: readonly HealthCheck[];
}

/**
 * The scheduler's HTTP app (the public REST API and dashboard land with the scheduler issue;
 * today it serves health). Built from its dependencies; only main.ts listens.
 */
export function buildApp(deps: SchedulerDeps): FastifyInstance {
  return buildHealthApp(deps.checks);
}
