import { setTimeout as sleep } from 'node:timers/promises';
import { hashApiKey } from '@fleetscore/shared/http';
import {
  devStorageConnectionString,
  refusedUrl,
  testTokenIssuer,
  uniqueName,
} from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortBlock } from '../e2e/ports.js';
import { type ServiceProcess, startService, waitForStatus } from '../services/service-process.js';
import {
  leaks,
  type PasswordRedis,
  randomSecret,
  secretForms,
  startPasswordRedis,
} from './secret-leaks.js';

/**
 * The ingest and the scheduler as processes, configured with every kind of secret Fleetscore
 * reads (an API key, a storage AccountKey, Service Bus and Event Hubs SharedAccessKeys, an
 * Application Insights key, a Redis password) and sent a JWT. Requests that succeed, fail
 * authentication, fail validation and fail on a backend (Redis stopped, the identity provider
 * unreachable); then everything the outside sees — stdout and stderr (logs, console spans and
 * metrics), `/metrics`, readiness reports and problem bodies — must hold none of the secrets,
 * in any common encoding.
 */

const API_KEY = randomSecret('apikey');
const REDIS_PASSWORD = randomSecret('redispw');
const SB_KEY = randomSecret('sbkey');
const EH_KEY = randomSecret('ehkey');
const INSTRUMENTATION_KEY = randomSecret('ikey');
/** Azurite checks shared-key signatures, so this one is its real development key. */
const ACCOUNT_KEY = /AccountKey=([^;]+)/.exec(devStorageConnectionString('http://x'))?.[1] ?? '';
const AZURITE = 'http://127.0.0.1';
const STORAGE = [
  'DefaultEndpointsProtocol=http',
  'AccountName=devstoreaccount1',
  `AccountKey=${ACCOUNT_KEY}`,
  `BlobEndpoint=${AZURITE}:10000/devstoreaccount1`,
  `QueueEndpoint=${AZURITE}:10001/devstoreaccount1`,
  `TableEndpoint=${AZURITE}:10002/devstoreaccount1`,
].join(';');
const SERVICE_BUS = `Endpoint=sb://fs-test.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${SB_KEY}`;
const EVENT_HUBS = `Endpoint=sb://fs-test.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${EH_KEY}`;
const APP_INSIGHTS = `InstrumentationKey=${INSTRUMENTATION_KEY};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`;

const READING = [{ device: 'd1', sensor: 's1', ts: '2024-05-01T10:00:00Z', value: 1 }];
const RUN = { from: '2026-11-25T08:00:00Z', to: '2026-11-25T09:00:00Z', entities: ['d1/s1'] };

let redis: PasswordRedis;
let jwt: string;
const services: ServiceProcess[] = [];
/** Every response body and header seen, with what was asked. */
const seen: string[] = [];

async function call(url: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const headers = JSON.stringify(Object.fromEntries(response.headers));
  seen.push(
    `${init.method ?? 'GET'} ${url} → ${response.status} ${headers} ${await response.text()}`,
  );
  return response.status;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function until(what: string, predicate: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  const base = await freePortBlock(5);
  const [redisPort, ingestPort, schedulerPort, ingestOpsPort, schedulerOpsPort] = [
    base,
    base + 1,
    base + 2,
    base + 3,
    base + 4,
  ];
  redis = await startPasswordRedis(redisPort, REDIS_PASSWORD);
  const tokens = await testTokenIssuer();
  jwt = await tokens.valid();
  const common = {
    FLEETSCORE_REDIS_URL: redis.url,
    FLEETSCORE_STORAGE_CONNECTION_STRING: STORAGE,
    FLEETSCORE_BLOB_CONTAINER: uniqueName('secrets'),
    FLEETSCORE_TABLE_PREFIX: `s${uniqueName('ecrets')}`.replace(/[^a-z0-9]/g, ''),
    FLEETSCORE_SERVICEBUS_CONNECTION_STRING: SERVICE_BUS,
    FLEETSCORE_EVENTHUBS_CONNECTION_STRING: EVENT_HUBS,
    APPLICATIONINSIGHTS_CONNECTION_STRING: APP_INSIGHTS,
    // Spans and metrics printed to stdout, where the test reads them.
    FLEETSCORE_OTEL_EXPORTER: 'console',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
    FLEETSCORE_LOG_LEVEL: 'debug',
    FLEETSCORE_API_KEYS: hashApiKey(API_KEY),
  };
  const ingest = `http://127.0.0.1:${ingestPort}`;
  const scheduler = `http://127.0.0.1:${schedulerPort}`;
  // The internal listeners: readiness reports, /metrics, the OpenAPI documents.
  const ingestOps = `http://127.0.0.1:${ingestOpsPort}`;
  const schedulerOps = `http://127.0.0.1:${schedulerOpsPort}`;
  services.push(
    startService('ingest', {
      ...common,
      FLEETSCORE_INGEST_PORT: String(ingestPort),
      FLEETSCORE_HEALTH_PORT: String(ingestOpsPort),
      FLEETSCORE_INGEST_PUBLISH_TIMEOUT_MS: '1000',
    }),
    startService('scheduler', {
      ...common,
      FLEETSCORE_SCHEDULER_PORT: String(schedulerPort),
      FLEETSCORE_HEALTH_PORT: String(schedulerOpsPort),
      // The token's own issuer, with keys that cannot be fetched: a JWT makes the key fetch
      // fail, a server error with a token in hand. (A token of an issuer not configured is
      // refused before any fetch.)
      FLEETSCORE_AUTH_ISSUER: String(tokens.jwt.issuer),
      FLEETSCORE_AUTH_AUDIENCE: String(tokens.jwt.audience),
      FLEETSCORE_AUTH_JWKS_URL: (await refusedUrl()).replace('http:', 'https:'),
    }),
  );
  await Promise.all([
    waitForStatus(`${ingestOps}/readyz`, 200, 60_000),
    waitForStatus(`${schedulerOps}/readyz`, 200, 60_000),
  ]);

  const key = { authorization: `Bearer ${API_KEY}` };
  expect(await call(`${ingest}/v1/readings`, json(READING, key))).toBe(202);
  expect(await call(`${ingest}/v1/readings`, json(READING, { 'x-api-key': API_KEY }))).toBe(202);
  expect(await call(`${ingest}/v1/readings`, json(READING, { 'x-api-key': 'wrong' }))).toBe(401);
  expect(await call(`${ingest}/v1/readings`, json([{ device: 1 }], key))).toBe(400);
  expect(
    await call(`${ingest}/v1/readings`, json(READING, { authorization: `Bearer ${jwt}` })),
  ).toBe(401);
  expect(await call(`${scheduler}/v1/runs`, json(RUN, { 'x-api-key': API_KEY }))).toBe(201);
  expect(await call(`${scheduler}/v1/runs`, json({ from: 'soon' }, key))).toBe(400);
  expect(await call(`${scheduler}/v1/runs`, json(RUN, { 'x-api-key': 'wrong' }))).toBe(401);
  expect(
    await call(`${scheduler}/v1/runs`, json(RUN, { authorization: `Bearer ${jwt}` })),
  ).toBeGreaterThanOrEqual(500);
  for (const ops of [ingestOps, schedulerOps]) {
    await call(`${ops}/metrics`);
    await call(`${ops}/docs/json`);
  }

  // A backend error: Redis gone. Ingest answers 503, readiness reports the failure.
  await redis.stop();
  expect(await call(`${ingest}/v1/readings`, json(READING, key))).toBe(503);
  await until('the scheduler to report its queue down', async () => {
    return (await call(`${schedulerOps}/readyz`)) === 503;
  });
  await call(`${ingestOps}/readyz`);
  // Their shutdown logs count too; but with Redis gone, closing its clients waits out their
  // deadlines (~25 s), which this test need not.
  for (const service of services) service.child.kill('SIGTERM');
  await Promise.race([Promise.all(services.map((s) => s.exited)), sleep(5_000)]);
  for (const service of services) service.child.kill('SIGKILL');
  await Promise.all(services.map((service) => service.exited));
}, 180_000);

const forms = () =>
  secretForms({
    'API key': API_KEY,
    'API key hash': hashApiKey(API_KEY),
    JWT: jwt,
    'Redis password': REDIS_PASSWORD,
    'storage AccountKey': ACCOUNT_KEY,
    'Service Bus SharedAccessKey': SB_KEY,
    'Event Hubs SharedAccessKey': EH_KEY,
    'Application Insights InstrumentationKey': INSTRUMENTATION_KEY,
  });

afterAll(async () => {
  for (const service of services) service.child.kill('SIGKILL');
  await redis?.stop();
});

describe('no secret in what the services show', () => {
  it('captured something of each kind, so the check below means something', () => {
    const [ingest, scheduler] = services.map((service) => service.output());
    for (const output of [ingest, scheduler]) {
      expect(output).toMatch(/"msg":"starting /); // the start-up log line with the config
      expect(output).toMatch(/traceId/); // a console span
      expect(output).toMatch(/AccountName=devstoreaccount1;AccountKey=\[redacted\]/);
    }
    expect(ingest).toMatch(/publish failed; answering 503/);
    expect(seen.join('\n')).toMatch(/fleetscore_ingest_readings_accepted_total/);
  });

  it('holds no secret in stdout, stderr, /metrics, readiness or problem bodies', () => {
    for (const [where, text] of [
      ['ingest output', services[0]?.output() ?? ''],
      ['scheduler output', services[1]?.output() ?? ''],
      ['HTTP responses', seen.join('\n')],
    ] as const) {
      expect(leaks(text, forms()), where).toEqual([]);
    }
  });
});

describe('no secret in a configuration error', () => {
  it('names the bad variables without echoing their secret values', async () => {
    const service = startService('ingest', {
      FLEETSCORE_BACKEND: 'azure',
      // The key itself where its hash belongs: the likeliest mistake with this variable.
      FLEETSCORE_API_KEYS: API_KEY,
      // Too broken to parse as a URL: the password must still be masked.
      FLEETSCORE_REDIS_URL: `redis://:${REDIS_PASSWORD}@cache:no-port`,
      FLEETSCORE_STORAGE_CONNECTION_STRING: STORAGE,
      FLEETSCORE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
      FLEETSCORE_SERVICEBUS_CONNECTION_STRING: SERVICE_BUS,
      FLEETSCORE_SERVICEBUS_NAMESPACE: 'fs-test',
      FLEETSCORE_EVENTHUBS_CONNECTION_STRING: EVENT_HUBS,
      FLEETSCORE_EVENTHUBS_NAMESPACE: 'fs-test',
      APPLICATIONINSIGHTS_CONNECTION_STRING: APP_INSIGHTS,
      FLEETSCORE_OTEL_EXPORTER: 'not-an-exporter',
    });
    services.push(service);
    expect(await service.exited).toBe(2);
    const output = service.output();
    expect(output).toMatch(/FLEETSCORE_API_KEYS=\(hidden\)/);
    expect(output).toMatch(/FLEETSCORE_REDIS_URL="redis:\/\/:\[redacted\]@cache:no-port"/);
    expect(output).toMatch(/FLEETSCORE_SERVICEBUS_NAMESPACE/);
    expect(leaks(output, forms())).toEqual([]);
  });
});
