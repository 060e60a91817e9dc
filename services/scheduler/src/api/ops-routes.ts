import {
  desiredReplicas,
  RUN_STATES,
  type RunState,
  scalingReport,
  scalingReportSchema,
} from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.js';
import { metricsText } from './metrics-text.js';

const HOUR_MS = 3_600_000;
/** `/metrics` counts at most this many recent runs (pages of 500). */
const MAX_COUNTED_RUNS = 10_000;

type Deps = Pick<ApiDeps, 'queue' | 'ledger' | 'scaling'> & { now: () => Date };

/**
 * The internal listener's own routes: Prometheus metrics and the KEDA scaling endpoint. Open
 * (probes, scrapers and KEDA carry no credential), so never served on the public listener:
 * queue depth and run counts are nobody else's business.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: Deps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/v1/scaling',
    {
      schema: {
        summary:
          "KEDA metrics-api: scorer replicas the backlog needs (valueLocation 'desiredReplicas', targetValue 1)",
        response: { 200: scalingReportSchema },
      },
    },
    async () => scalingReport(await deps.queue.depth(), deps.scaling),
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const [depth, runs] = await Promise.all([deps.queue.depth(), recentRunCounts(deps)]);
    const text = metricsText({
      depth,
      runs,
      runStates: RUN_STATES,
      desiredReplicas: desiredReplicas(depth, deps.scaling),
    });
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });
}

/** Runs whose window started in the last 24 hours, by state. */
async function recentRunCounts(deps: Deps): Promise<Partial<Record<RunState, number>>> {
  const to = new Date(deps.now().getTime() + HOUR_MS);
  const from = new Date(to.getTime() - 25 * HOUR_MS);
  const counts: Partial<Record<RunState, number>> = {};
  let continuation: string | undefined;
  let seen = 0;
  do {
    const page = await deps.ledger.listRuns({
      from,
      to,
      limit: 500,
      ...(continuation ? { continuation } : {}),
    });
    for (const run of page.items) counts[run.state] = (counts[run.state] ?? 0) + 1;
    seen += page.items.length;
    continuation = page.continuation;
  } while (continuation !== undefined && seen < MAX_COUNTED_RUNS);
  return counts;
}
