import { readFile } from 'node:fs/promises';
import {
  type JobPayload,
  NonRetryableError,
  PREDICTION_HEADER,
  predictionLine,
  predictionsBlobName,
  runId,
} from '@fleetscore/shared';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_API_KEY, type TestApi } from './testing/index.js';

const auth = { 'x-api-key': TEST_API_KEY };
const referenceModel = new URL('../../../../../shared/reference/models/model_1_1', import.meta.url);
const refusedPickle = new URL(
  '../../../../packages/svm/fixtures/sklearn/refused/os-system.pkl',
  import.meta.url,
);
const v1Fixture = new URL(
  '../../../../packages/svm/fixtures/scoring/rbf-1f-scaled.json',
  import.meta.url,
);

let api: TestApi;
const call = (options: InjectOptions): Promise<LightMyRequestResponse> =>
  api.app.inject({ ...options, headers: { ...auth, ...(options.headers ?? {}) } });
const post = (url: string, payload?: object) =>
  call({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) });
const get = (url: string) => call({ method: 'GET', url });

function expectProblem(response: LightMyRequestResponse, status: number, type?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  if (type) expect(body.type).toBe(`urn:fleetscore:problem:${type}`);
  return body as { detail?: string; errors?: unknown[] };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  api = await startTestApi({
    settle: (run) => (run.entities?.includes('dev1/ok') ? 'succeeded' : undefined),
    maxModelBytes: 200_000,
    now: () => new Date('2026-11-25T10:30:00Z'),
  });
});
afterAll(async () => {
  await api?.close();
});

describe('runs', () => {
  it('starts a run, shows it, lists it, pages its jobs and serves its report once it ends', async () => {
    const created = await post('/v1/runs', {
      from: '2026-11-25T08:00:00Z',
      to: '2026-11-25T09:00:00Z',
      entities: ['dev1/ok'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const run = created.json();
    expect(run).toMatchObject({
      kind: 'score',
      state: 'running',
      jobCount: 1,
      trigger: { kind: 'api' },
    });

    expect((await get(`/v1/runs/${run.id}`)).json()).toMatchObject({
      id: run.id,
      durationMs: expect.any(Number),
    });
    const listed = (await get('/v1/runs?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z')).json();
    expect(listed.items.map((r: { id: string }) => r.id)).toContain(run.id);
    const jobs = (await get(`/v1/runs/${run.id}/jobs?limit=1`)).json();
    expect(jobs.items).toHaveLength(1);
    expect(jobs.items[0]).toMatchObject({ runId: run.id, index: 0, state: 'queued' });
    expect(jobs.continuation).toBeUndefined();

    const report = await until('the report', async () => {
      const response = await get(`/v1/runs/${run.id}/report`);
      if (response.statusCode === 404) {
        expectProblem(response, 404, 'report-not-ready');
        return undefined;
      }
      return response;
    });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      runId: run.id,
      state: 'succeeded',
      entities: [{ entity: 'dev1/ok' }],
    });
    // An ended run cannot be cancelled.
    expectProblem(await post(`/v1/runs/${run.id}/cancel`), 409, 'conflict');
  });

  it('filters runs by state and pages them with continuation tokens', async () => {
    const ids: string[] = [];
    for (const hour of ['01', '02', '03']) {
      const response = await post('/v1/runs', {
        from: `2026-11-20T${hour}:00:00Z`,
        to: `2026-11-20T${hour}:30:00Z`,
        entities: ['dev2/s'],
      });
      ids.push(response.json().id);
    }
    expect((await post(`/v1/runs/${ids[0]}/cancel`)).json()).toMatchObject({ state: 'cancelled' });
    const seen: string[] = [];
    let continuation: string | undefined;
    do {
      const query = `from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&limit=1${continuation ? `&continuation=${continuation}` : ''}`;
      const page = (await get(`/v1/runs?${query}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((r: { id: string }) => r.id));
      continuation = page.continuation;
    } while (continuation);
    expect(seen.sort()).toEqual([...ids].sort());
    const cancelled = (
      await get('/v1/runs?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&status=cancelled')
    ).json();
    expect(cancelled.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    // Retrying a cancelled run is a conflict; cancelling it again too.
    expectProblem(await post(`/v1/runs/${ids[0]}/retry`), 409);
    expectProblem(await post(`/v1/runs/${ids[0]}/cancel`), 409);
  });

  it('starts a training run with the reference defaults', async () => {
    const response = await post('/v1/training-runs', {
      from: '2026-11-24T00:00:00Z',
      to: '2026-11-25T00:00:00Z',
      entities: ['dev3/s'],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      kind: 'train',
      params: { nu: 0.0001, gamma: 0.01, standardize: true },
    });
  });

  it('answers bad requests with 400 problems naming the issues', async () => {
    const bad = [
      post('/v1/runs', { from: 'yesterday', to: '2026-11-25T09:00:00Z' }),
      post('/v1/runs', { from: '2026-11-25T09:00:00Z', to: '2026-11-25T08:00:00Z' }),
      post('/v1/runs', {
        from: '2026-11-25T08:00:00Z',
        to: '2026-11-25T09:00:00Z',
        entities: ['a/b/c'],
      }),
      post('/v1/training-runs', {
        from: '2026-11-25T08:00:00Z',
        to: '2026-11-25T09:00:00Z',
        params: { nu: 1 },
      }),
      call({
        method: 'POST',
        url: '/v1/runs',
        payload: '{not json',
        headers: { 'content-type': 'application/json' },
      }),
      get('/v1/runs?status=bogus'),
      get('/v1/runs?limit=0'),
      get('/v1/runs?continuation=%%%'),
      get('/v1/runs/not-a-run-id'),
      get('/v1/predictions?from=2026-11-25T00:00:00Z&to=2026-11-25T01:00:00Z'),
      get('/v1/predictions?entity=d/s&from=2026-11-01T00:00:00Z&to=2026-11-25T01:00:00Z'),
      get(
        '/v1/predictions?entity=d/s&from=2026-11-25T00:00:00Z&to=2026-11-25T01:00:00Z&continuation=bm9wZQ',
      ),
      get('/v1/dead-letters?continuation=bm9wZQ'),
      // "0/0": an entity key but no token the registry issues (was a 500, found by the fuzz test).
      get('/v1/models?continuation=MC8w'),
      post('/v1/models/dev1/s1/current', { version: 0 }),
    ];
    for (const response of await Promise.all(bad)) {
      const problem = expectProblem(response, 400, 'invalid-request');
      expect(problem.detail).toBeTruthy();
    }
    const problem = expectProblem(await post('/v1/runs', { from: 'x', to: 'y' }), 400);
    expect(problem.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'body', path: '/from' })]),
    );
  });

  it('answers unknown ids and routes with 404 problems', async () => {
    const missing = 'api-20261125T1000Z-nope';
    for (const response of await Promise.all([
      get(`/v1/runs/${missing}`),
      get(`/v1/runs/${missing}/jobs`),
      get(`/v1/runs/${missing}/report`),
      post(`/v1/runs/${missing}/retry`),
      post(`/v1/runs/${missing}/cancel`),
      post(`/v1/dead-letters/${missing}/0/replay`),
      get('/v1/models/nodev/nosensor'),
      get('/v1/models/nodev'),
      post('/v1/models/nodev/nosensor/current', { version: 1 }),
      get('/v1/nothing-here'),
    ])) {
      expectProblem(response, 404);
    }
  });
});

describe('models', () => {
  it('uploads pickles and v1 JSON, lists, shows, promotes and rolls back', async () => {
    const pickle = await readFile(referenceModel);
    const upload = (url: string, body: Buffer | string, type = 'application/octet-stream') =>
      call({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
    const first = await upload('/v1/models/m1/temp/versions?note=reference', pickle);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      entity: 'm1/temp',
      version: 1,
      source: 'pickle',
      note: 'reference',
    });
    const v1 = JSON.stringify(JSON.parse(await readFile(v1Fixture, 'utf8')).model);
    const second = await upload('/v1/models/m1/temp/versions', v1, 'application/json');
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ version: 2, source: 'json' });
    const device = await upload('/v1/models/m1/versions?current=false', v1, 'application/json');
    expect(device.json()).toMatchObject({ entity: 'm1', version: 1 });

    const detail = (await get('/v1/models/m1/temp')).json();
    expect(detail.entry).toMatchObject({ entity: 'm1/temp', current: 2, latest: 2 });
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await get('/v1/models/m1')).json().entry).toMatchObject({ entity: 'm1', latest: 1 });

    const listed = (await get('/v1/models?device=m1&limit=1')).json();
    expect(listed.items).toHaveLength(1);
    const rest = (
      await get(`/v1/models?device=m1&limit=1&continuation=${listed.continuation}`)
    ).json();
    expect(
      [...listed.items, ...rest.items].map((e: { entity: string }) => e.entity).sort(),
    ).toEqual(['m1', 'm1/temp']);

    expect((await post('/v1/models/m1/temp/current', { version: 1 })).json()).toMatchObject({
      current: 1,
      previous: 2,
    });
    expect((await post('/v1/models/m1/temp/rollback')).json()).toMatchObject({ current: 2 });
    expectProblem(await post('/v1/models/m1/temp/current', { version: 9 }), 404);
  });

  it('refuses invalid, hostile, oversized and mistyped uploads', async () => {
    const upload = (body: Buffer | string, type = 'application/octet-stream') =>
      call({
        method: 'POST',
        url: '/v1/models/m2/s/versions',
        payload: body,
        headers: { 'content-type': type },
      });
    const hostile = expectProblem(
      await upload(await readFile(refusedPickle)),
      400,
      'invalid-model',
    );
    expect(hostile.detail).toBeTruthy();
    expectProblem(await upload('{"format":"nope"}', 'application/json'), 400, 'invalid-model');
    expectProblem(await upload(Buffer.alloc(300_000, 1)), 413, 'too-large');
    expectProblem(await upload('x', 'text/plain'), 415, 'unsupported-media-type');
    expectProblem(await get('/v1/models/m2/s'), 404);
    // No version to roll back to is a conflict.
    const v1 = JSON.stringify(JSON.parse(await readFile(v1Fixture, 'utf8')).model);
    expect((await upload(v1, 'application/json')).statusCode).toBe(201);
    expectProblem(await post('/v1/models/m2/s/rollback'), 409, 'conflict');
  });
});

describe('dead letters, metrics and scaling', () => {
  it('lists dead letters, replays one, and counts the queue by state', async () => {
    const from = '2026-11-25T05:00:00.000Z';
    const id = runId('api', new Date(from), 'dl1');
    const payload: JobPayload = {
      kind: 'score',
      runId: id,
      jobIndex: 3,
      from,
      to: '2026-11-25T06:00:00.000Z',
      shard: 0,
      entities: [{ entity: 'd/s', version: 1 }],
      reportUnmodelled: false,
    };
    await api.queue.enqueue({ id: `${id}/3`, payload });
    const consumer = api.queue.consume(async () => {
      throw new NonRetryableError('model is broken');
    });
    const letter = await until('the dead letter', async () => {
      const page = (await get('/v1/dead-letters')).json();
      return page.items.find((item: { id: string }) => item.id === `${id}/3`);
    });
    await consumer.close();
    expect(letter).toMatchObject({
      runId: id,
      jobIndex: 3,
      kind: 'score',
      entities: 1,
      reason: 'model is broken',
    });

    const metrics = await api.ops.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(
      /^fleetscore_scheduler_queue_jobs\{state="dead-lettered",[^}]*\} [1-9]\d*$/m,
    );

    const replayed = await post(`/v1/dead-letters/${id}/3/replay`);
    expect(replayed.json()).toEqual({ replayed: true, id: `${id}/3` });
    expectProblem(await post(`/v1/dead-letters/${id}/3/replay`), 404);

    const depth = await api.queue.depth();
    const scaling = (await api.ops.inject({ method: 'GET', url: '/v1/scaling' })).json();
    const backlog = depth.waiting + depth.prioritized + depth.delayed + depth.active;
    expect(scaling.backlog).toBe(backlog);
    expect(scaling.depth).toEqual(depth);
    // No consumer runs, so nothing is active: ⌈backlog / 2 jobs per replica⌉, at most 10.
    expect(depth.active).toBe(0);
    expect(scaling.desiredReplicas).toBe(Math.min(10, Math.ceil(backlog / 2)));
    expect(backlog).toBeGreaterThan(0);
  });

  it('pages dead letters by position: a replay between pages skips and repeats none', async () => {
    const from = '2026-11-25T05:00:00.000Z';
    const id = runId('api', new Date(from), 'dl2');
    const job = (jobIndex: number): JobPayload => ({
      kind: 'score',
      runId: id,
      jobIndex,
      from,
      to: '2026-11-25T06:00:00.000Z',
      shard: 0,
      entities: [{ entity: 'd/s', version: 1 }],
      reportUnmodelled: false,
    });
    const consumer = api.queue.consume(async () => {
      throw new NonRetryableError('model is broken');
    });
    for (let index = 0; index < 5; index += 1) {
      await api.queue.enqueue({ id: `${id}/${index}`, payload: job(index) });
    }
    type Item = { runId?: string; jobIndex?: number };
    const ours = (items: Item[]) => items.filter((i) => i.runId === id).map((i) => i.jobIndex);
    await until('five dead letters', async () =>
      ours((await get('/v1/dead-letters?limit=1000')).json().items).length === 5 ? true : undefined,
    );
    await consumer.close();

    // Other tests' letters may be listed too: the whole list first, in one page.
    const whole = (await get('/v1/dead-letters?limit=1000')).json();
    expect(whole.continuation).toBeUndefined();
    const everyId = whole.items.map((i: { id: string }) => i.id);
    expect(ours(whole.items)).toEqual([0, 1, 2, 3, 4]);

    // Then two at a time; once `/1` has been listed it is replayed (it leaves the list) before
    // the next page is read. With offset paging the letter after it would be skipped.
    const seen: string[] = [];
    let continuation: string | undefined;
    let replayed = false;
    do {
      const query = continuation ? `&continuation=${encodeURIComponent(continuation)}` : '';
      const page = (await get(`/v1/dead-letters?limit=2${query}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: { id: string }) => i.id));
      if (!replayed && seen.includes(`${id}/1`)) {
        expect(await api.queue.replayDeadLetter(`${id}/1`)).toBe(true);
        replayed = true;
      }
      continuation = page.continuation;
    } while (continuation !== undefined);
    expect(replayed).toBe(true);
    expect(seen).toEqual(everyId);

    // The page size is bounded: above the maximum is a problem naming it.
    const tooMany = expectProblem(await get('/v1/dead-letters?limit=1001'), 400, 'invalid-request');
    expect(tooMany.detail).toMatch(/limit/);
    expect(tooMany.detail).toMatch(/1000/);
  });

  it('lists the schedules with their next fire time in the time zone', async () => {
    const body = (await get('/v1/schedules')).json();
    // The clock is 10:30 UTC = 11:30 in Amsterdam: the next `5 * * * *` is 12:05 there.
    expect(body).toEqual({
      timeZone: 'Europe/Amsterdam',
      schedules: [{ name: 'hourly', cron: '5 * * * *', nextRunAt: '2026-11-25T11:05:00.000Z' }],
    });
  });
});

describe('predictions', () => {
  // Blobs as the scorer writes them: the contract's header and rows (Prediction follows the
  // decision), under the hour of the run's start.
  const csv = (...rows: string[]) => `${PREDICTION_HEADER}${rows.join('')}`;

  it('pages an entity rows and returns only the latest run where runs overlap', async () => {
    const hour = '2026-11-23T04';
    const scheduled = runId('hourly', new Date(`${hour}:00:00Z`));
    await api.ledger.createRun({
      id: scheduled,
      kind: 'score',
      trigger: { kind: 'schedule', schedule: 'hourly' },
      from: `${hour}:00:00.000Z`,
      to: `${hour}:59:59.999Z`,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const backfill = runId('api', new Date(`${hour}:00:00Z`), 'bf');
    await api.ledger.createRun({
      id: backfill,
      kind: 'score',
      trigger: { kind: 'api' },
      from: `${hour}:00:00.000Z`,
      to: `${hour}:00:10.000Z`,
    });
    const ts = (s: number) => `${hour}:00:${String(s).padStart(2, '0')}.000Z`;
    const start = new Date(`${hour}:00:00Z`);
    await api.blobs.put(
      predictionsBlobName(scheduled, 0, start),
      csv(
        ...[0, 5, 10, 15].flatMap((s) => [
          predictionLine(ts(s), 'p1', 'a', 1.5, 0.25, 1, scheduled),
          predictionLine(ts(s), 'p1', 'b', 2, -0.5, 1, scheduled),
          predictionLine(ts(s), 'p2', 'a', 3, 1, 1, scheduled),
        ]),
      ),
    );
    // The backfill re-scored p1/a at 0 s and 5 s with version 2.
    await api.blobs.put(
      predictionsBlobName(backfill, 0, start),
      csv(
        predictionLine(ts(0), 'p1', 'a', 1.5, -0.1, 2, backfill),
        predictionLine(ts(5), 'p1', 'a', 1.5, -0.2, 2, backfill),
      ),
    );

    const query = `from=${hour}:00:00Z&to=${hour}:30:00Z`;
    const rows: Array<{
      ts: string;
      modelVersion: number;
      runId: string;
      anomaly: boolean;
      value: number | null;
      sensor: string;
    }> = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = (
        await get(
          `/v1/predictions?entity=p1/a&${query}&limit=2${continuation ? `&continuation=${continuation}` : ''}`,
        )
      ).json();
      rows.push(...page.items);
      continuation = page.continuation;
      pages += 1;
    } while (continuation);
    expect(pages).toBe(2);
    const byTs = Object.fromEntries(rows.map((r) => [r.ts, r]));
    expect(Object.keys(byTs).sort()).toEqual([ts(0), ts(5), ts(10), ts(15)]);
    expect(rows).toHaveLength(4);
    expect(byTs[ts(0)]).toMatchObject({
      runId: backfill,
      modelVersion: 2,
      anomaly: true,
      value: 1.5,
      sensor: 'a',
    });
    expect(byTs[ts(5)]).toMatchObject({ runId: backfill, modelVersion: 2 });
    expect(byTs[ts(10)]).toMatchObject({ runId: scheduled, modelVersion: 1, anomaly: false });

    // A device key returns every row of the device; the range end is exclusive.
    const device = (
      await get(`/v1/predictions?entity=p1&from=${hour}:00:00Z&to=${hour}:00:10Z`)
    ).json();
    expect(
      device.items.map((r: { sensor: string; ts: string }) => `${r.sensor}@${r.ts}`).sort(),
    ).toEqual([`a@${ts(0)}`, `a@${ts(5)}`, `b@${ts(0)}`, `b@${ts(5)}`].sort());
    expect((await get(`/v1/predictions?entity=p3/a&${query}`)).json()).toEqual({ items: [] });
  });
});
