// Integration-test set-up for the ingest app: apps on a fresh Redis stream with a reader of all
// that is published, their internal listener beside them as main.ts builds it, and requests.
// What a helper opens is closed when the test that called it finishes (onTestFinished: last
// opened, first closed).
import { createPrometheusMetrics, type ReadingBatch } from '@fleetscore/shared';
import { createAuthenticator } from '@fleetscore/shared/http';
import { RedisEventStream } from '@fleetscore/shared/local';
import { EventStreamRecorder, testStack, uniqueName } from '@fleetscore/shared/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { buildApp, buildOpsApp, type IngestDeps, type IngestOpsDeps } from './app.js';

export const { redisUrl } = testStack();
const TS = '2024-05-01T10:00:00.000Z';

export const reading = (device: string, value: number) => ({ device, sensor: 's1', ts: TS, value });

/** The public app on `deps.stream` with metrics of its own, open to local callers. */
export async function ingestApp(deps: Partial<IngestDeps> & Pick<IngestDeps, 'stream'>) {
  const metrics = await createPrometheusMetrics('ingest');
  const app = buildApp({ auth: createAuthenticator({ host: '127.0.0.1' }), metrics, ...deps });
  return { app, metrics };
}

/** The internal listener's app beside a public one, as main.ts builds them. */
export async function opsOf(
  app: FastifyInstance,
  metrics: IngestOpsDeps['metrics'],
  checks: IngestOpsDeps['checks'] = [],
) {
  await app.ready();
  const ops = await buildOpsApp({ checks, metrics, openApi: app.swagger() });
  onTestFinished(() => ops.close());
  return ops;
}

/** An app on a fresh stream, and a reader of everything published to that stream. */
export async function setup(
  options: Partial<IngestDeps> &
    Pick<Partial<IngestOpsDeps>, 'checks'> & { stream?: RedisEventStream } = {},
) {
  const { checks, ...deps } = options;
  const stream = deps.stream ?? new RedisEventStream(redisUrl, { name: uniqueName('ing') });
  const { app, metrics } = await ingestApp({ ...deps, stream });
  const ops = await opsOf(app, metrics, checks);
  // Every event in the order read, each batch checkpointed.
  const { handled: read, handlers } = new EventStreamRecorder();
  const subscription = stream.subscribe('reader', handlers, { maxWaitTimeMs: 50 });
  onTestFinished(async () => {
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

export const post = (
  app: FastifyInstance,
  body: unknown,
  query = '',
  headers = {},
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: 'POST',
    url: `/v1/readings${query}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

export async function until(what: string, predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type Setup = Awaited<ReturnType<typeof setup>>;

/**
 * Proves that nothing but the fence was published: later requests (one reading each, to pass
 * any limit) with a device on every partition, read back in full. Each partition is read in
 * order, so anything published before the fence has been read by the time the fence has.
 */
export async function expectNothingBeforeFence(s: Setup) {
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
