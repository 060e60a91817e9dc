import {
  jobPageSchema,
  NotFoundError,
  pageQuerySchema,
  problemSchema,
  reportSchema,
  retryResultSchema,
  runIdParamsSchema,
  runListQuerySchema,
  runPageSchema,
  runRequestSchema,
  runSchema,
  trainingRequestSchema,
} from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.js';
import { pageByOffset } from './page.js';
import { sendProblem } from './problems.js';

const DAY_MS = 86_400_000;
const problems = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };

type Deps = Pick<ApiDeps, 'runs' | 'ledger'> & { now: () => Date };

/** A run as the API shows it: the ledger record plus its duration so far. */
export function runBody(run: RunRecord, now: Date) {
  const end = run.endedAt === undefined ? now.getTime() : Date.parse(run.endedAt);
  return { ...run, durationMs: Math.max(0, end - Date.parse(run.createdAt)) };
}

const by = (request: FastifyRequest) => request.principal?.id;

export function registerRunRoutes(app: FastifyInstance, deps: Deps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { runs, ledger, now } = deps;
  const getRun = async (id: string) => {
    const run = await ledger.getRun(id);
    if (run === undefined) throw new NotFoundError(`no run ${id}`);
    return run;
  };

  api.post(
    '/v1/runs',
    {
      schema: {
        summary: 'Start a scoring run (a backfill when the range is in the past)',
        tags: ['runs'],
        'x-required-role': 'runs.operate',
        body: runRequestSchema,
        response: { 201: runSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { from, to, entities, trigger } = request.body;
      const who = by(request);
      const run = await runs.trigger({
        from: new Date(from),
        to: new Date(to),
        ...(entities ? { entities } : {}),
        trigger: { kind: trigger, ...(who ? { by: who } : {}) },
      });
      return reply.code(201).send(runBody(run, now()));
    },
  );

  api.get(
    '/v1/runs',
    {
      schema: {
        summary: 'Runs whose window starts in [from, to), newest first',
        tags: ['runs'],
        'x-required-role': 'reader',
        querystring: runListQuerySchema,
        response: { 200: runPageSchema, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const to = q.to ? new Date(q.to) : new Date(now().getTime() + DAY_MS);
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY_MS);
      const page = await ledger.listRuns({
        from,
        to,
        limit: q.limit,
        ...(q.status ? { state: q.status } : {}),
        ...(q.continuation ? { continuation: q.continuation } : {}),
      });
      const at = now();
      return { ...page, items: page.items.map((run) => runBody(run, at)) };
    },
  );

  api.get(
    '/v1/runs/:id',
    {
      schema: {
        summary: 'One run with its job counts and timing',
        tags: ['runs'],
        'x-required-role': 'reader',
        params: runIdParamsSchema,
        response: { 200: runSchema, ...problems },
      },
    },
    async (request) => runBody(await getRun(request.params.id), now()),
  );

  api.get(
    '/v1/runs/:id/jobs',
    {
      schema: {
        summary: 'The jobs of a run, in index order',
        tags: ['runs'],
        'x-required-role': 'reader',
        params: runIdParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: jobPageSchema, ...problems },
      },
    },
    async (request) => {
      await getRun(request.params.id);
      const jobs = await ledger.listJobs(request.params.id);
      return pageByOffset(jobs, request.query.limit, request.query.continuation);
    },
  );

  api.get(
    '/v1/runs/:id/report',
    {
      schema: {
        summary: 'The completeness report of an ended run',
        tags: ['runs'],
        'x-required-role': 'reader',
        params: runIdParamsSchema,
        response: { 200: reportSchema, ...problems },
      },
    },
    async (request, reply) => {
      const run = await getRun(request.params.id);
      const report = await runs.report(run.id);
      if (report === undefined) {
        const detail = `run ${run.id} is ${run.state}; its report is written when it ends`;
        return sendProblem(reply, 'reportNotReady', { detail });
      }
      return report;
    },
  );

  api.post(
    '/v1/runs/:id/retry',
    {
      schema: {
        summary: 'Re-enqueue the failed and dead-lettered jobs of a run',
        tags: ['runs'],
        'x-required-role': 'runs.operate',
        params: runIdParamsSchema,
        response: { 200: retryResultSchema, ...problems },
      },
    },
    async (request) => {
      const { run, requeued } = await runs.retry(request.params.id);
      return { run: runBody(run, now()), requeued };
    },
  );

  api.post(
    '/v1/runs/:id/cancel',
    {
      schema: {
        summary: 'Cancel a run that has not ended',
        tags: ['runs'],
        'x-required-role': 'runs.operate',
        params: runIdParamsSchema,
        response: { 200: runSchema, ...problems },
      },
    },
    async (request) => runBody(await runs.cancel(request.params.id), now()),
  );

  api.post(
    '/v1/training-runs',
    {
      schema: {
        summary: 'Train one model per entity on a window range and register the results',
        tags: ['runs'],
        'x-required-role': 'models.publish',
        body: trainingRequestSchema,
        response: { 201: runSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { from, to, entities, params } = request.body;
      const who = by(request);
      const run = await runs.train({
        from: new Date(from),
        to: new Date(to),
        ...(entities ? { entities } : {}),
        params,
        trigger: { kind: 'api', ...(who ? { by: who } : {}) },
      });
      return reply.code(201).send(runBody(run, now()));
    },
  );
}
