import { createPrometheusMetrics, type ReadingBatch, type ReceivedEvent } from '@fleetscore/shared';
import { createAuthenticator, hashApiKey } from '@fleetscore/shared/http';
import { RedisEventStream } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, buildOpsApp, type IngestDeps, type IngestOpsDeps } from './app.js';

const { redisUrl } = testStack();
const TS = '2024-05-01T10:00:00.000Z';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reading = (device: string, value: number) => ({ device, sensor: 's1', ts: TS, value });

/** The internal listener's app beside a public one, as main.ts builds them. */
async function opsOf(
  app: FastifyInstance,
  metrics: IngestOpsDeps['metrics'],
  checks: IngestOpsDeps['checks'] = [],
) {
  await app.ready();
  const ops = await buildOpsApp({ checks, metrics, openApi: app.swagger() });
  cleanups.push(() => ops.close());
  return ops;
}

/** An app on a fresh stream, and a reader of everything published to that stream. */
async function setup(
  options: Partial<IngestDeps> &
    Pick<Partial<IngestOpsDeps>, 'checks'> & { stream?: RedisEventStream } = {},
) {
  const { checks, ...deps } = options;
  const stream = deps.stream ?? new RedisEventStream(redisUrl, { name: uniqueName('ing') });
  const metrics = await createPrometheusMetrics('ingest');
  const app = buildApp({
    stream,
    auth: createAuthenticator({ host: '127.0.0.1' }),
    metrics,
    ...deps,
  });
  const ops = await opsOf(app, metrics, checks);
  const read: ReceivedEvent[] = [];
  const subscription = stream.subscribe(
    'reader',
    {
      processEvents: async (events, context) => {
        read.push(...events);
        await context.updateCheckpoint(events.at(-1)!);
      },
    },
    { maxWaitTimeMs: 50 },
  );
  cleanups.push(async () => {
    await app.close();
    await subscription.close();
    await stream.close();
    await metrics.shutdown();
  });
  return {
    app,
    ops,
    stream,
    read,
    batches: () => read.map((event) => event.body as ReadingBatch),
  };
}

const post = (app: FastifyInstance, body: unknown, query = '', headers = {}) =>
  app.inject({
    method: 'POST',
    url: `/v1/readings${query}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Proves that nothing but the fence was published: later requests (one reading each, to pass
 * any limit) with a device on every partition, read back in full. Each partition is read in
 * order, so anything published before the fence has been read by the time the fence has.
 */
type Setup = Awaited<ReturnType<typeof setup>>;

async function expectNothingBeforeFence(s: Setup) {
  const fence = Array.from({ length: 16 }, (_, i) => `fence-${String(i).padStart(2, '0')}`);
  for (const device of fence) {
    expect((await post(s.app, [reading(device, 0)])).statusCode).toBe(202);
  }
  await until('the fence', () => s.read.length >= fence.length);
  const partitions = new Set(s.read.map((event) => event.partitionId));
  expect([...partitions].sort()).toEqual((await s.stream.partitionIds()).sort());
  const devices = s.batches().flatMap((b) => b.readings.map((r) => r.device));
  expect(devices.sort()).toEqual(fence);
}

describe('POST /v1/readings', () => {
  it('publishes one ordered event per device, keyed by device, then answers 202', async () => {
    const s = await setup();
    const body = [reading('a', 1), reading('b', 1), reading('a', 2), reading('a', 3)];
    const response = await post(s.app, body);
    expect(response.statusCode).toBe(202);
    const { accepted, batchId, rejected } = response.json();
    expect({ accepted, rejected }).toEqual({ accepted: 4, rejected: [] });
    await until('two events', () => s.read.length >= 2);
    const byDevice = new Map(s.read.map((e) => [e.partitionKey, e.body as ReadingBatch]));
    expect(byDevice.get('a')?.batchId).toBe(`${batchId}/a`);
    expect(byDevice.get('a')?.readings.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(byDevice.get('b')?.readings).toEqual([reading('b', 1)]);
  });

  it('takes NDJSON in the simulator shape and an Idempotency-Key as the batch id', async () => {
    const s = await setup();
    const ndjson = [
      JSON.stringify({ TS: '2024-05-01 10:00:00.500', Device: 2, Tag: 4, Value: 84.92 }),
      JSON.stringify({ TS: '2024-05-01 10:00:01.500', Device: 2, Tag: 4, Value: 85 }),
    ].join('\n');
    const response = await s.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': 'client-42' },
      payload: `${ndjson}\n`,
    });
    expect(response.statusCode).toBe(202);
    expect(response.json().batchId).toBe('client-42');
    await until('the event', () => s.read.length >= 1);
    expect(s.batches()).toEqual([
      {
        batchId: 'client-42/2',
        readings: [
          { device: '2', sensor: '4', ts: '2024-05-01T10:00:00.500Z', value: 84.92 },
          { device: '2', sensor: '4', ts: '2024-05-01T10:00:01.500Z', value: 85 },
        ],
      },
    ]);
  });

  it('rejects a batch with any invalid item whole: 400, every bad index, nothing published', async () => {
    const s = await setup();
    const response = await post(s.app, [
      reading('a', 1),
      { device: 'a', value: 2 },
      reading('b/c', 3),
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ type: 'urn:fleetscore:problem:invalid-readings', status: 400 });
    expect(problem.errors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    await expectNothingBeforeFence(s);
  });

  it('with ?partial=true publishes the valid items and reports the rest', async () => {
    const s = await setup();
    const response = await post(
      s.app,
      [reading('a', 1), { nope: true }, reading('a', 3)],
      '?partial=true',
    );
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 2, rejected: [{ index: 1 }] });
    await until('the event', () => s.read.length >= 1);
    expect(s.batches().flatMap((b) => b.readings.map((r) => r.value))).toEqual([1, 3]);
  });

  it('answers 413 past the item count or the byte limit, and 415 to other media types', async () => {
    const s = await setup({ maxBatch: 3, maxBodyBytes: 400 });
    const four = [1, 2, 3, 4].map((n) => reading('a', n));
    const count = await post(s.app, four);
    expect(count.statusCode).toBe(413);
    expect(count.json()).toMatchObject({ type: 'urn:fleetscore:problem:too-large' });
    const bytes = await post(s.app, [
      reading('a'.repeat(64), 1),
      reading('b'.repeat(64), 2),
      reading('c'.repeat(64), 3),
    ]);
    expect(bytes.statusCode).toBe(413);
    expect(bytes.json()).toMatchObject({ type: 'urn:fleetscore:problem:too-large' });
    const text = await post(s.app, JSON.stringify(four), '', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ type: 'urn:fleetscore:problem:unsupported-media-type' });
    const malformed = await post(s.app, '[{"device":');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ type: 'urn:fleetscore:problem:malformed-body' });
    await expectNothingBeforeFence(s);
  });

  it('answers 503 with Retry-After when the stream is down, publishing nothing', async () => {
    const name = uniqueName('ing');
    const down = new RedisEventStream(redisUrl, { name });
    await down.close(); // its connection is gone: every publish fails at once
    const metrics = await createPrometheusMetrics('ingest');
    const app = buildApp({
      stream: down,
      auth: createAuthenticator({ host: '127.0.0.1' }),
      metrics,
      retryAfterSeconds: 7,
    });
    cleanups.push(async () => {
      await app.close();
      await metrics.shutdown();
    });
    const response = await post(app, [reading('a', 1), reading('b', 2)]);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.json()).toMatchObject({
      type: 'urn:fleetscore:problem:unavailable',
      status: 503,
    });
    const scrape = (await (await opsOf(app, metrics)).inject({ url: '/metrics' })).body;
    expect(scrape).toMatch(
      /fleetscore_ingest_readings_rejected_total\{reason="unavailable"[^}]*\} 2\n/,
    );
    // The same stream, opened again: nothing of the failed request is there.
    await expectNothingBeforeFence(
      await setup({ stream: new RedisEventStream(redisUrl, { name }) }),
    );
  });

  it('answers 503 when the Redis server cannot be reached, within the publish timeout', async () => {
    const unreachable = new RedisEventStream('redis://127.0.0.1:1', { name: uniqueName('ing') });
    const metrics = await createPrometheusMetrics('ingest');
    const app = buildApp({
      stream: unreachable,
      auth: createAuthenticator({ host: '127.0.0.1' }),
      metrics,
      publishTimeoutMs: 200,
    });
    cleanups.push(async () => {
      await app.close();
      // Not awaited: ioredis holds QUIT in its offline queue until its retries run out (~10 s).
      void unreachable.close();
      await metrics.shutdown();
    });
    const response = await post(app, [reading('a', 1)]);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});

describe('the ingest app', () => {
  it('guards POST with API keys; health, metrics and docs are on the internal listener only', async () => {
    const auth = createAuthenticator({ host: '0.0.0.0', apiKeyHashes: [hashApiKey('secret')] });
    const s = await setup({ auth });
    const denied = await post(s.app, [reading('a', 1)]);
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['www-authenticate']).toContain('Bearer');
    expect((await post(s.app, [reading('a', 1)], '', { 'x-api-key': 'secret' })).statusCode).toBe(
      202,
    );
    for (const url of ['/healthz', '/readyz', '/metrics', '/docs', '/docs/json']) {
      expect((await s.app.inject({ url })).statusCode, `public ${url}`).toBe(404);
    }
    expect((await s.ops.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await s.ops.inject({ url: '/readyz' })).statusCode).toBe(200);
    const scrape = await s.ops.inject({ url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/fleetscore_ingest_readings_accepted_total\{[^}]*\} 1\n/);
    expect(scrape.body).toMatch(
      /fleetscore_ingest_publish_duration_seconds_count\{outcome="ok"[^}]*\} 1\n/,
    );
    // The internal listener serves nothing of the public API.
    expect((await post(s.ops, [reading('a', 1)], '', { 'x-api-key': 'secret' })).statusCode).toBe(
      404,
    );
  });

  it('serves its OpenAPI document on the internal listener, naming the role of the route', async () => {
    const s = await setup();
    const ui = await s.ops.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    const doc = (await s.ops.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Fleetscore ingest API');
    expect(Object.keys(doc.paths)).toEqual(['/v1/readings']);
    const post = doc.paths['/v1/readings'].post;
    expect(post['x-required-role']).toBe('readings.write');
    expect(post.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(post.description).toContain('`readings.write`');
    expect(Object.keys(post.requestBody.content).sort()).toEqual([
      'application/json',
      'application/x-ndjson',
    ]);
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '413', '415', '429', '503']),
    );
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
  });

  it('is ready only when its checks pass', async () => {
    let up = true;
    const check = async () => {
      if (!up) throw new Error('ECONNREFUSED');
    };
    const s = await setup({ checks: [{ name: 'stream', check }] });
    expect((await s.ops.inject({ url: '/readyz' })).statusCode).toBe(200);
    up = false;
    const ready = await s.ops.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.stream.error).toBe('ECONNREFUSED');
  });
});
