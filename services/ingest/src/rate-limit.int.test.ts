import { createPrometheusMetrics } from '@fleetscore/shared';
import { type Authenticator, createAuthenticator, hashApiKey } from '@fleetscore/shared/http';
import { RedisEventStream } from '@fleetscore/shared/local';
import { testStack, testTokenIssuer, uniqueName } from '@fleetscore/shared/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

const [KEY_A, KEY_B] = ['rate-key-a', 'rate-key-b'];
const MAX = 3;
/** Long enough for MAX + 1 requests on a busy machine, short enough to wait out. */
const WINDOW_SECONDS = 3;
const BODY = JSON.stringify([{ device: 'd1', sensor: 's1', ts: '2024-05-01T10:00:00Z', value: 1 }]);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(auth: Authenticator): Promise<FastifyInstance> {
  const stream = new RedisEventStream(testStack().redisUrl, { name: uniqueName('ingrate') });
  const metrics = await createPrometheusMetrics('ingest');
  const app = buildApp({
    stream,
    auth,
    metrics,
    rateLimit: { max: MAX, windowSeconds: WINDOW_SECONDS },
  });
  cleanups.push(
    () => app.close(),
    () => stream.close(),
    () => metrics.shutdown(),
  );
  return app;
}

const post = (app: FastifyInstance, headers: Record<string, string>, remoteAddress?: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/readings',
    headers: { 'content-type': 'application/json', ...headers },
    payload: BODY,
    ...(remoteAddress ? { remoteAddress } : {}),
  });

function expectTooMany(response: Awaited<ReturnType<typeof post>>) {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    type: 'urn:fleetscore:problem:too-many-requests',
    status: 429,
  });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('ingest rate limit', () => {
  // Probes and /metrics are on the internal listener (ops-app.ts), which has no rate limit.
  it('answers 429 with Retry-After past the limit of one key, leaving other keys and refused requests out', async () => {
    const auth = createAuthenticator({
      host: '0.0.0.0',
      apiKeyHashes: [KEY_A, KEY_B].map(hashApiKey),
      apiKeys: [{ hash: hashApiKey('reader-key'), roles: ['reader'] }],
    });
    const app = await setup(auth);
    const a = { authorization: `Bearer ${KEY_A}` };

    // Refused with 401 or 403 before the limit is consulted: they count against nobody.
    for (let i = 0; i <= MAX; i++) {
      expect((await post(app, { 'x-api-key': 'wrong' })).statusCode).toBe(401);
      expect((await post(app, { 'x-api-key': 'reader-key' })).statusCode).toBe(403);
    }
    for (let i = 0; i < MAX; i++) expect((await post(app, a)).statusCode).toBe(202);
    expectTooMany(await post(app, a));
    expect((await post(app, { 'x-api-key': KEY_B })).statusCode).toBe(202);

    // After the window, the key is accepted again.
    const deadline = Date.now() + (WINDOW_SECONDS + 5) * 1000;
    let status = 429;
    while (status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await post(app, a)).statusCode;
    }
    expect(status).toBe(202);
  });

  it('counts by client address when the API runs open (loopback)', async () => {
    const app = await setup(createAuthenticator({ host: '127.0.0.1' }));
    for (let i = 0; i < MAX; i++) expect((await post(app, {}, '10.0.0.1')).statusCode).toBe(202);
    expectTooMany(await post(app, {}, '10.0.0.1'));
    expect((await post(app, {}, '10.0.0.2')).statusCode).toBe(202);
  });

  it('counts JWT callers by subject', async () => {
    const issuer = await testTokenIssuer();
    const app = await setup(createAuthenticator({ host: '0.0.0.0', jwt: issuer.jwt }));
    const as = async (subject: string) => ({
      authorization: `Bearer ${await issuer.valid(subject)}`,
    });
    // A fresh token each time: the subject, not the token, is what is counted.
    for (let i = 0; i < MAX; i++) expect((await post(app, await as('alice'))).statusCode).toBe(202);
    expectTooMany(await post(app, await as('alice')));
    expect((await post(app, await as('bob'))).statusCode).toBe(202);
  });
});
