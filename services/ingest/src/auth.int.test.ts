import {
  createPrometheusMetrics,
  type ReadingBatch,
  type ReceivedEvent,
  ROLES,
} from '@fleetscore/shared';
import { createAuthenticator, hashApiKey } from '@fleetscore/shared/http';
import { RedisEventStream } from '@fleetscore/shared/local';
import { testStack, testTokenIssuer, uniqueName } from '@fleetscore/shared/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

/**
 * `POST /v1/readings` with API keys and JWTs both configured: no credential, a wrong key and
 * each bad JWT are refused with 401 problem+json, credentials without the `readings.write`
 * role with 403, and nothing reaches the event stream. The stream has one partition, so once a
 * later accepted batch is read, anything published before it would have been read too.
 */

const KEY = 'ingest-key-for-auth-tests';
/** Keys holding every role but the one the route needs. */
const OTHER_KEYS = ['reader', 'runs.operate', 'models.publish'] as const;
const BODY = JSON.stringify([{ device: 'd1', sensor: 's1', ts: '2024-05-01T10:00:00Z', value: 1 }]);

let app: FastifyInstance;
let issuer: Awaited<ReturnType<typeof testTokenIssuer>>;
const read: ReceivedEvent[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  issuer = await testTokenIssuer();
  const stream = new RedisEventStream(testStack().redisUrl, {
    name: uniqueName('ingauth'),
    partitionCount: 1,
  });
  const metrics = await createPrometheusMetrics('ingest');
  app = buildApp({
    stream,
    auth: createAuthenticator({
      host: '0.0.0.0',
      apiKeyHashes: [hashApiKey(KEY)],
      apiKeys: [
        { hash: hashApiKey('writer-key'), roles: ['readings.write'] },
        ...OTHER_KEYS.map((role) => ({ hash: hashApiKey(`${role}-key`), roles: [role] })),
        { hash: hashApiKey('all-but-writer-key'), roles: [...OTHER_KEYS] },
      ],
      jwt: issuer.jwt,
    }),
    metrics,
  });
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
  cleanups.push(
    () => app.close(),
    () => subscription.close(),
    () => stream.close(),
    () => metrics.shutdown(),
  );
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const post = (headers: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/v1/readings',
    headers: { 'content-type': 'application/json', ...headers },
    payload: BODY,
  });

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('POST /v1/readings authentication', () => {
  it('refuses no credential, a wrong key and every bad JWT, and publishes nothing', async () => {
    const refused: Array<{ name: string; headers: Record<string, string>; detail: RegExp }> = [
      { name: 'no credential', headers: {}, detail: /Bearer/ },
      { name: 'wrong API key', headers: { 'x-api-key': 'nope' }, detail: /unknown API key/ },
      { name: 'wrong bearer key', headers: { authorization: 'Bearer nope' }, detail: /unknown/ },
      ...(await issuer.refused()).map(({ name, token, code }) => ({
        name: `JWT: ${name}`,
        headers: { authorization: `Bearer ${token}` },
        detail: new RegExp(code),
      })),
    ];
    const forbidden: Array<{ name: string; headers: Record<string, string> }> = [
      ...[...OTHER_KEYS, 'all-but-writer'].map((role) => ({
        name: `key with ${role}`,
        headers: { 'x-api-key': `${role}-key` },
      })),
      {
        name: 'JWT with every other role',
        headers: { authorization: `Bearer ${await issuer.valid('caller-2', OTHER_KEYS)}` },
      },
      {
        name: 'JWT with no roles claim',
        headers: { authorization: `Bearer ${await issuer.valid('caller-3', [])}` },
      },
    ];
    for (const { name, headers } of forbidden) {
      const response = await post(headers);
      expect(response.statusCode, name).toBe(403);
      expect(response.headers['content-type'], name).toMatch(/^application\/problem\+json/);
      expect(response.json(), name).toMatchObject({
        type: 'urn:fleetscore:problem:forbidden',
        status: 403,
        requiredRole: 'readings.write',
      });
      expect(response.json().detail, name).toContain('needs the role readings.write');
    }
    for (const { name, headers, detail } of refused) {
      const response = await post(headers);
      expect(response.statusCode, name).toBe(401);
      expect(response.headers['content-type'], name).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate'], name).toMatch(/^Bearer realm="fleetscore"/);
      expect(response.json(), name).toMatchObject({
        type: 'urn:fleetscore:problem:unauthorized',
        status: 401,
      });
      expect(response.json().detail, name).toMatch(detail);
    }

    // The fence: accepted with a valid JWT holding the role, and the only batch on the stream.
    const writer = await issuer.valid('caller-4', ['readings.write']);
    const fence = await post({ authorization: `Bearer ${writer}` });
    expect(fence.statusCode, fence.body).toBe(202);
    await until('the accepted batch', () => read.length > 0);
    const batches = read.map((event) => event.body as ReadingBatch);
    // Event batch ids are `<request batch id>/<device>`.
    expect(batches.map((batch) => batch.batchId)).toEqual([`${fence.json().batchId}/d1`]);
  });

  it('accepts a key holding the role (or a bare hash: every role) as a bearer credential and in x-api-key', async () => {
    const ways: Array<Record<string, string>> = [
      { authorization: `Bearer ${KEY}` },
      { 'x-api-key': KEY },
      { 'x-api-key': 'writer-key' },
      { authorization: `Bearer ${await issuer.valid('caller-5', ROLES)}` },
    ];
    for (const headers of ways) {
      expect((await post(headers)).statusCode).toBe(202);
    }
  });
});
