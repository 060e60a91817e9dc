// POST /v1/readings on a real Redis stream: what is published and in what order, what is
// refused (400, 413, 415) with nothing published, and 503 when the stream is down or unreachable.

import type { ReadingBatch } from '@fleetscore/shared';
import { RedisEventStream } from '@fleetscore/shared/local';
import { uniqueName } from '@fleetscore/shared/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  expectNothingBeforeFence,
  ingestApp,
  opsOf,
  post,
  reading,
  redisUrl,
  setup,
  until,
} from './app.test-helper.js';

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
    const { app, metrics } = await ingestApp({ stream: down, retryAfterSeconds: 7 });
    onTestFinished(async () => {
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
    const { app, metrics } = await ingestApp({ stream: unreachable, publishTimeoutMs: 200 });
    onTestFinished(async () => {
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
