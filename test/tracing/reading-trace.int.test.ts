// One trace per reading batch across ingest → stream → aggregator, on the real local stack
// (Redis stream, Azurite), in process, with spans kept in memory.

import { createAggregator } from '@fleetscore/aggregator/testing';
import { buildApp } from '@fleetscore/ingest/testing';
import { createLogger, createPrometheusMetrics, SpanKind } from '@fleetscore/shared';
import { AzureBlobStore, createContainerClient } from '@fleetscore/shared/azure';
import { createAuthenticator } from '@fleetscore/shared/http';
import { RedisEventStream } from '@fleetscore/shared/local';
import { captureSpans, type ReadableSpan, testStack, uniqueName } from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const { redisUrl, storageConnectionString: connectionString } = testStack();
const capture = captureSpans();
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await capture.stop();
});

async function eventually<T>(check: () => T | undefined, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const streamName = uniqueName('trace');
const named = (name: string) => capture.spans().filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('a reading batch as one trace', () => {
  const device = uniqueName('dev');
  let status = 0;

  beforeAll(async () => {
    const name = streamName;
    const container = uniqueName('trace');
    const stream = new RedisEventStream(redisUrl, { name, partitionCount: 2 });
    const blobs = await AzureBlobStore.connect({ connectionString, container });
    const metrics = await createPrometheusMetrics('ingest');
    const app = buildApp({
      stream,
      auth: createAuthenticator({ host: '127.0.0.1' }),
      metrics,
    });
    const aggregator = createAggregator(
      { stream, blobs, log: createLogger({ service: 'trace-test', level: 'silent' }) },
      {
        shards: 2,
        flushMs: 200,
        tickMs: 50,
        subscribe: { maxWaitTimeMs: 50 },
        windowing: { latenessMs: 1000, idleTimeoutMs: 300 },
      },
    );
    cleanups.push(
      () => createContainerClient({ connectionString, container }).deleteIfExists(),
      () => metrics.shutdown(),
      () => stream.close(),
      () => aggregator.close(),
      () => app.close(),
    );
    aggregator.start();
    // 30 s of one sensor, a reading a second: the watermark closes the first windows at once
    // and the idle timeout the rest.
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const readings = Array.from({ length: 30 }, (_, i) => ({
      device,
      sensor: 's1',
      ts: new Date(start + i * 1000).toISOString(),
      value: i,
    }));
    const response = await app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(readings),
    });
    status = response.statusCode;
    await eventually(
      () =>
        named('flush windows').find((span) => Number(span.attributes['fleetscore.windows']) > 0),
      'a flush span that wrote windows',
    );
  });

  it('ingest answers with a server span carrying http.* attributes', () => {
    expect(status).toBe(202);
    const [server] = named('POST /v1/readings');
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/readings',
      'url.path': '/v1/readings',
      'http.response.status_code': 202,
    });
  });

  it('the aggregator processes the batch as a child of the publish span, in the same trace', () => {
    const [server] = named('POST /v1/readings');
    const [send] = named('send readings');
    expect(send?.kind).toBe(SpanKind.PRODUCER);
    expect(send?.spanContext().traceId).toBe(server?.spanContext().traceId);
    expect(parentOf(send!)).toBe(server?.spanContext().spanId);
    expect(send?.attributes).toMatchObject({
      'messaging.system': 'redis',
      'messaging.destination.name': streamName,
      'server.address': '127.0.0.1',
      'messaging.operation.type': 'send',
      'fleetscore.readings': 30,
    });

    const processed = named('process readings');
    expect(processed.length).toBeGreaterThan(0);
    for (const span of processed) {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.spanContext().traceId).toBe(server?.spanContext().traceId);
      expect(parentOf(span)).toBe(send?.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'messaging.system': 'redis',
        'messaging.destination.name': streamName,
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': 'aggregator',
      });
    }
  });

  it('window flushes link to the producing span of the windows they close', () => {
    const [send] = named('send readings');
    const flushes = named('flush windows').filter(
      (span) => Number(span.attributes['fleetscore.windows']) > 0,
    );
    expect(flushes.length).toBeGreaterThan(0);
    for (const flush of flushes) {
      expect(flush.links.map((link) => link.context.spanId)).toContain(send?.spanContext().spanId);
      expect(flush.links.length).toBeLessThanOrEqual(32);
    }
  });
});
