import { buildApp } from '@fleetscore/ingest/testing';
import { createPrometheusMetrics, type ReadingBatch, type ReceivedEvent } from '@fleetscore/shared';
import { createAuthenticator } from '@fleetscore/shared/http';
import { RedisEventStream } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRequest, expectRefused, FUZZ_RUNS, newTally } from './fuzz-checks.js';
import {
  CONTENT_TYPES,
  HUGE_BODY_BYTES,
  hostileId,
  hostileScalar,
  hugeBody,
  junkBody,
  POLLUTION_FRAGMENTS,
  prototypePolluted,
} from './hostile.js';

/**
 * `POST /v1/readings` under generated hostile bodies, on a real Redis stream: every request is
 * refused with a problem (4xx), none publishes anything (checked by reading the stream back
 * behind a fence), and `Object.prototype` is untouched.
 */

const TS = '2024-05-01T10:00:00.000Z';
const goodReading = fc.record({
  device: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  sensor: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  ts: fc.constant(TS),
  value: fc.double({ noNaN: true, noDefaultInfinity: true }),
});

/** Values wrong for `value`: numbers pass there, so only non-numbers and overflowing text. */
const badValue = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '1', null, true, [], {}, [1]),
  fc.string({ maxLength: 10 }),
);

/** One reading no schema accepts: a declared field hostile, in either accepted shape. */
const badItemText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(goodReading, fc.constantFrom('device', 'sensor', 'ts'), hostileScalar)
    .map(([r, field, value]) => JSON.stringify({ ...r, [field]: value })),
  fc.tuple(goodReading, badValue).map(([r, value]) => JSON.stringify({ ...r, value })),
  goodReading.map((r) => JSON.stringify(r).replace(/"value":[^,}]+/, '"value":1e999')),
  fc
    .tuple(hostileId, fc.constantFrom('Device', 'Tag'))
    .map(([id, field]) =>
      JSON.stringify({ TS: '2024-05-01 10:00:00', Device: 2, Tag: 4, Value: 1, [field]: id }),
    ),
  fc
    .tuple(goodReading, fc.constantFrom(...POLLUTION_FRAGMENTS), hostileId)
    .map(([r, pollution, id]) => `{${pollution},${JSON.stringify({ ...r, device: id }).slice(1)}`),
  fc.constantFrom('1', '"x"', 'null', '[]', '[{}]', '{}', 'not json', '{"device":'),
);

/** A batch of good readings with at least one bad one: must be refused whole. */
const poisonedBatch = fc
  .tuple(
    fc.array(
      goodReading.map((r) => JSON.stringify(r)),
      { maxLength: 5 },
    ),
    fc.array(badItemText, { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  )
  .chain(([good, bad, ndjson]) =>
    fc
      .shuffledSubarray([...good, ...bad], { minLength: good.length + bad.length })
      .map((items) => ({
        contentType: ndjson ? 'application/x-ndjson' : 'application/json',
        payload: ndjson ? items.join(items.length % 2 ? '\r\n' : '\n') : `[${items.join(',')}]`,
      })),
  );

const junkRequest = fc.record({
  contentType: fc.constantFrom(...CONTENT_TYPES),
  payload: junkBody,
});

const request = fc.record({
  body: fc.oneof({ weight: 3, arbitrary: poisonedBatch }, { weight: 2, arbitrary: junkRequest }),
  // `partial` off or malformed: a batch with one bad reading publishes nothing either way.
  query: fc.constantFrom('', '?partial=false', '?partial=0', '?partial=maybe', '?partial=..'),
  idempotencyKey: fc.option(fc.constantFrom('../x', 'a'.repeat(100), 'ok-key', '%2e%2e')),
});

describe('POST /v1/readings under hostile bodies (fast-check)', () => {
  const { redisUrl } = testStack();
  const stream = new RedisEventStream(redisUrl, { name: uniqueName('fuzz') });
  const read: ReceivedEvent[] = [];
  let app: ReturnType<typeof buildApp>;
  let teardown: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const metrics = await createPrometheusMetrics('ingest');
    app = buildApp({
      stream,
      auth: createAuthenticator({ host: '127.0.0.1' }),
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
    teardown = async () => {
      await app.close();
      await subscription.close();
      await stream.close();
      await metrics.shutdown();
    };
  });
  afterAll(() => teardown());

  it(`refuses ${FUZZ_RUNS} generated bodies with a problem and publishes none of them`, async () => {
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(request, async ({ body, query, idempotencyKey }) => {
        const url = `/v1/readings${query}`;
        const response = await app.inject({
          method: 'POST',
          url,
          headers: {
            ...(body.contentType ? { 'content-type': body.contentType } : {}),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          payload: body.payload,
        });
        expectRefused(
          response,
          tally,
          describeRequest('POST', url, body.payload, body.contentType),
        );
      }),
      { numRuns: FUZZ_RUNS },
    );
    for (const bytes of HUGE_BODY_BYTES) {
      for (const contentType of ['application/json', 'application/x-ndjson']) {
        const payload = hugeBody(bytes);
        const response = await app.inject({
          method: 'POST',
          url: '/v1/readings',
          headers: { 'content-type': contentType },
          payload,
        });
        expectRefused(
          response,
          tally,
          describeRequest('POST', '/v1/readings', payload, contentType),
        );
      }
    }
    expect(tally.requests).toBe(FUZZ_RUNS + 2 * HUGE_BODY_BYTES.length);
    expect(prototypePolluted()).toBe(false);
    console.info(
      `ingest fuzz: ${tally.requests} requests, by status ${JSON.stringify(tally.byStatus)}`,
    );

    // The app still serves (the fence is accepted), and the stream holds nothing but that
    // fence, published after the run.
    const fence = Array.from({ length: 16 }, (_, i) => `fence-${String(i).padStart(2, '0')}`);
    for (const device of fence) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/readings',
        headers: { 'content-type': 'application/json' },
        payload: [{ device, sensor: 's1', ts: TS, value: 1 }],
      });
      expect(response.statusCode).toBe(202);
    }
    const deadline = Date.now() + 20_000;
    while (read.length < fence.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const partitions = new Set(read.map((event) => event.partitionId));
    expect([...partitions].sort()).toEqual((await stream.partitionIds()).sort());
    const devices = read.flatMap((e) => (e.body as ReadingBatch).readings.map((r) => r.device));
    expect(devices.sort()).toEqual(fence);
  }, 300_000);
});
