import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { startTestApi, TEST_API_KEY, type TestApi } from '@fleetscore/scheduler/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasInputs,
  type OpenApiDoc,
  type Operation,
  operationsOf,
  routeName,
} from './api-operations.js';
import { continuationRequests, DOT_SEGMENTS, requestsFor, type Samples } from './api-requests.js';
import { describeRequest, expectRefused, FUZZ_RUNS, newTally } from './fuzz-checks.js';
import { HUGE_BODY_BYTES, hugeBody, prototypePolluted } from './hostile.js';

/**
 * The scheduler API under generated hostile requests, route by route, enumerated from its
 * OpenAPI document. Routes are split into groups (one test file each, so they run in
 * parallel, each under a minute); `rest` takes every route the others do not, so a new route is fuzzed
 * without touching the tests. A new mutating route must be given an observable below, or the
 * run fails naming it.
 */

const isRuns = (op: Operation) => /^\/v1\/(runs|training-runs)(\/|$)/.test(op.path);
const isModels = (op: Operation) => /^\/v1\/models(\/|$)/.test(op.path);
const isRead = (op: Operation) => op.method === 'GET';
const isUpload = (op: Operation) => op.body?.kind === 'binary';

export const GROUPS = {
  'runs-read': (op: Operation) => isRuns(op) && isRead(op),
  'runs-write': (op: Operation) => isRuns(op) && !isRead(op),
  'models-read': (op: Operation) => isModels(op) && isRead(op),
  'models-write': (op: Operation) => isModels(op) && !isRead(op) && !isUpload(op),
  'models-upload': (op: Operation) => isModels(op) && isUpload(op),
  rest: (op: Operation) => !isRuns(op) && !isModels(op),
} as const;

/**
 * What a refused mutating request must leave unchanged, per route: the queue's depth (runs
 * enqueue jobs, replays move dead letters), the seeded run's ledger record, the registry's
 * entries and the seeded entities' versions.
 */
const OBSERVABLES: Record<string, ReadonlyArray<keyof Snapshot>> = {
  'POST /v1/runs': ['queue', 'run'],
  'POST /v1/training-runs': ['queue', 'run'],
  'POST /v1/runs/{id}/retry': ['queue', 'run'],
  'POST /v1/runs/{id}/cancel': ['queue', 'run'],
  'POST /v1/dead-letters/{runId}/{index}/replay': ['queue', 'run'],
  'POST /v1/models/{device}/{sensor}/current': ['registry'],
  'POST /v1/models/{device}/current': ['registry'],
  'POST /v1/models/{device}/{sensor}/rollback': ['registry'],
  'POST /v1/models/{device}/rollback': ['registry'],
  'POST /v1/models/{device}/{sensor}/versions': ['registry'],
  'POST /v1/models/{device}/versions': ['registry'],
};

interface Snapshot {
  queue: unknown;
  run: unknown;
  registry: unknown;
}

const v1Model = new URL('../../packages/svm/fixtures/scoring/rbf-1f-scaled.json', import.meta.url);
const auth = { 'x-api-key': TEST_API_KEY };

async function seed(api: TestApi) {
  const model = Buffer.from(JSON.stringify(JSON.parse(await readFile(v1Model, 'utf8')).model));
  for (const entity of [
    { device: 'dev1', sensor: 's1' },
    { device: 'dev1', sensor: 's1' },
    { device: 'dev1' },
  ]) {
    await api.registry.upload(entity, model, { makeCurrent: true });
  }
  const from = new Date('2026-11-25T00:00:00Z');
  const run = await api.runs.trigger({
    from,
    to: new Date('2026-11-25T01:00:00Z'),
    trigger: { kind: 'api' },
  });
  const samples: Samples = {
    params: { id: run.id, runId: run.id, index: '0', device: 'dev1', sensor: 's1' },
    query: { entity: 'dev1/s1', from: '2026-11-25T00:00:00Z', to: '2026-11-25T01:00:00Z' },
    body: { from: '2026-11-25T00:00:00Z', to: '2026-11-25T01:00:00Z', version: 1 },
  };
  const snapshot = async (): Promise<Snapshot> => ({
    queue: await api.queue.depth(),
    run: await api.ledger.getRun(run.id),
    registry: {
      entries: (await api.registry.list({ limit: 1000 })).items,
      sensor: await api.registry.versions({ device: 'dev1', sensor: 's1' }),
      device: await api.registry.versions({ device: 'dev1' }),
    },
  });
  return { samples, snapshot, model: model.toString('utf8') };
}

export function describeApiFuzz(group: keyof typeof GROUPS): void {
  describe(`scheduler API under hostile requests: ${group} routes (fast-check)`, () => {
    let api: TestApi;
    let ops: Operation[] = [];
    let seeded: Awaited<ReturnType<typeof seed>>;
    beforeAll(async () => {
      api = await startTestApi({ maxModelBytes: 200_000 });
      const doc = (await api.ops.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDoc;
      ops = operationsOf(doc).filter((op) => hasInputs(op) && GROUPS[group](op));
      seeded = await seed(api);
    });
    afterAll(() => api?.close());

    it('has an observable for every mutating route', () => {
      const missing = ops.filter((op) => op.method !== 'GET' && !OBSERVABLES[routeName(op)]);
      expect(missing.map(routeName), 'mutating routes with no observable in api-fuzz.ts').toEqual(
        [],
      );
      expect(ops.length).toBeGreaterThan(0);
    });

    it(`refuses ${FUZZ_RUNS} generated requests per route with a problem and changes nothing`, async () => {
      const figures: string[] = [];
      for (const op of ops) {
        const started = performance.now();
        const before = await seeded.snapshot();
        const tally = newTally();
        await fc.assert(
          fc.asyncProperty(requestsFor(op, seeded.samples), async (request) => {
            const response = await api.app.inject({
              method: op.method,
              url: request.url,
              headers: {
                ...auth,
                ...(request.contentType ? { 'content-type': request.contentType } : {}),
              },
              ...(request.payload === undefined ? {} : { payload: request.payload }),
            });
            const body =
              typeof request.payload === 'string'
                ? request.payload
                : request.payload?.toString('latin1');
            expectRefused(
              response,
              tally,
              `${describeRequest(op.method, request.url, body, request.contentType)} hostile ${request.slots.join(',')}`,
            );
          }),
          { numRuns: FUZZ_RUNS },
        );
        if (op.body !== undefined) {
          for (const bytes of HUGE_BODY_BYTES) {
            const url = op.path.replace(
              /\{(\w+)\}/g,
              (_, name: string) => seeded.samples.params[name] ?? 'x',
            );
            const type = op.body.kind === 'json' ? 'application/json' : 'application/octet-stream';
            const response = await api.app.inject({
              method: op.method,
              url,
              headers: { ...auth, 'content-type': type },
              payload: hugeBody(bytes),
            });
            expectRefused(response, tally, `${routeName(op)} with a ${bytes}-byte body`);
          }
        }
        const after = await seeded.snapshot();
        for (const observable of OBSERVABLES[routeName(op)] ?? []) {
          expect(after[observable], `${routeName(op)} changed ${observable}`).toEqual(
            before[observable],
          );
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        figures.push(
          `${routeName(op)}: ${tally.requests} in ${seconds} s ${JSON.stringify(tally.byStatus)}`,
        );
      }
      console.info(`API fuzz (${group}):\n${figures.join('\n')}`);
      expect(prototypePolluted()).toBe(false);
      // Still serving: the app answers a plain authenticated read.
      const alive = await api.app.inject({ method: 'GET', url: '/v1/schedules', headers: auth });
      expect(alive.statusCode).toBe(200);
    }, 600_000);

    it('refuses dot segments sent unresolved in every path parameter', async () => {
      const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
      const before = await seeded.snapshot();
      for (const op of ops.filter((o) => o.params.length > 0)) {
        for (const param of op.params) {
          for (const dots of DOT_SEGMENTS) {
            const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
              name === param.name ? dots : (seeded.samples.params[name] ?? 'x'),
            );
            // A valid body (a valid model for uploads): only the dot segment is wrong.
            const body =
              op.body === undefined
                ? undefined
                : op.body.kind === 'json'
                  ? JSON.stringify(seeded.samples.body)
                  : seeded.model;
            const response = await rawRequest(address, op.method, path, body);
            const what = `${op.method} ${path} → ${response.status} ${response.body.slice(0, 200)}`;
            expect(response.status, what).toBeGreaterThanOrEqual(400);
            expect(response.status, what).toBeLessThan(500);
            expect(response.type, what).toMatch(/^application\/problem\+json/);
          }
        }
      }
      expect(await seeded.snapshot()).toEqual(before);
    });

    it('never fails with a 5xx on a hostile continuation token of a valid request', async () => {
      for (const op of ops.filter(
        (o) => o.method === 'GET' && o.query.some((q) => q.name === 'continuation'),
      )) {
        await fc.assert(
          fc.asyncProperty(continuationRequests(op, seeded.samples), async (url) => {
            const response = await api.app.inject({ method: 'GET', url, headers: auth });
            const context = `GET ${url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
            expect(response.statusCode, context).toBeLessThan(500);
            if (response.statusCode >= 400) expectRefused(response, newTally(), context);
          }),
          { numRuns: CONTINUATION_RUNS },
        );
      }
    }, 300_000);
  });
}

/** One request over a socket, the path sent exactly as given (no dot-segment resolution). */
function rawRequest(url: string, method: string, path: string, body?: string) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const headers = {
      ...auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    // Options, not a URL string: `new URL` would resolve the dot segments before sending.
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Continuation requests reach the ledger or registry, so they cost a round trip each. */
const CONTINUATION_RUNS = 200;
