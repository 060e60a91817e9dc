import Fastify, { type FastifyInstance } from 'fastify';
import { type HealthCheck, runHealthChecks } from '../runtime/health.js';

/**
 * `GET /healthz`: the process is alive (no dependency checked, so a slow Redis does not get a
 * healthy container restarted). `GET /readyz`: every dependency answers — 200 with the
 * per-check report, or 503 with the same report naming what failed.
 */
export function registerHealthRoutes(app: FastifyInstance, checks: readonly HealthCheck[]): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const report = await runHealthChecks(checks);
    return reply.code(report.ok ? 200 : 503).send(report);
  });
}

/** A bare HTTP app serving only health and readiness: for services without an API. */
export function buildHealthApp(checks: readonly HealthCheck[]): FastifyInstance {
  const app = Fastify({ logger: false });
  registerHealthRoutes(app, checks);
  return app;
}
