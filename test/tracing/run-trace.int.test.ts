// One trace per run across scheduler → queue → scorer, on the real local stack (BullMQ on
// Redis, Azurite tables and blobs), in process, with spans kept in memory.

import { createRunService, eventually, runStack } from '@fleetscore/scheduler/testing';
import { startScorer } from '@fleetscore/scorer/testing';
import { createLogger, type JobQueue, jobId, SpanKind } from '@fleetscore/shared';
import { captureSpans, type ReadableSpan } from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const capture = captureSpans();
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await capture.stop();
});

const named = (name: string) => capture.spans().filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const ENTITIES = ['tdev0/s1', 'tdev1/s1', 'tdev2/s1', 'tdev3/s1', 'tdev4/s1'];

describe('a run as one trace', () => {
  let runId = '';
  let jobCount = 0;
  let queueName: string | undefined;

  beforeAll(async () => {
    const stack = await runStack({ now: new Date('2026-11-25T12:00:00Z'), jobSize: 2 });
    cleanups.push(() => stack.close());
    queueName = stack.queue.messaging?.destination;
    await stack.addModels(ENTITIES);
    const scorer = startScorer(
      {
        queue: stack.queue as JobQueue<unknown>,
        blobs: stack.deps.blobs,
        ledger: stack.deps.ledger,
        registry: stack.registry,
        log: createLogger({ service: 'trace-test', level: 'silent' }),
      },
      {
        concurrency: 2,
        threads: 0,
        jobAttempts: 3,
        lockMs: 10_000,
        modelCache: { maxEntries: 100, maxBytes: 10_000_000 },
      },
    );
    cleanups.push(() => scorer.close({ deadlineMs: 5_000 }));
    const run = await createRunService(stack.deps).trigger({
      from: new Date('2026-11-25T10:00:00Z'),
      to: new Date('2026-11-25T11:00:00Z'),
      entities: ENTITIES,
      trigger: { kind: 'api', by: 'test' },
    });
    runId = run.id;
    jobCount = run.jobCount;
    await eventually(async () => {
      const jobs = await stack.deps.ledger.listJobs(run.id);
      return jobs.every((job) => job.state === 'succeeded') ? true : undefined;
    }, 'every job succeeded');
    // The job span ends after its last ledger write.
    await eventually(
      async () => (named('process score job').length >= jobCount ? true : undefined),
      'every job span ended',
    );
  });

  it('the launch span names the run and enqueues every job', () => {
    expect(jobCount).toBeGreaterThan(1);
    const [launch] = named('launch run');
    expect(launch?.kind).toBe(SpanKind.PRODUCER);
    expect(launch?.attributes).toMatchObject({
      'fleetscore.run.id': runId,
      'messaging.system': 'bullmq',
      'messaging.destination.name': queueName,
      'messaging.operation.type': 'send',
      'messaging.batch.message_count': jobCount,
    });
    expect(queueName).toBeTruthy();
  });

  it('every job is a consumer span, child of the launch, with the run and job ids', () => {
    const [launch] = named('launch run');
    // A delivery is a span: a job retried after a transient error has more than one.
    const jobs = named('process score job');
    expect(jobs.length).toBeGreaterThanOrEqual(jobCount);
    for (const span of jobs) {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.spanContext().traceId).toBe(launch?.spanContext().traceId);
      expect(parentOf(span)).toBe(launch?.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'fleetscore.run.id': runId,
        'messaging.system': 'bullmq',
        'messaging.destination.name': queueName,
        'messaging.operation.type': 'process',
      });
      expect(span.attributes['messaging.message.id']).toBe(span.attributes['fleetscore.job.id']);
      expect(span.attributes['fleetscore.job.attempt']).toBeGreaterThanOrEqual(1);
    }
    const ids = new Set(jobs.map((span) => span.attributes['fleetscore.job.id']));
    expect([...ids].sort()).toEqual(
      Array.from({ length: jobCount }, (_, i) => jobId(runId, i)).sort(),
    );
  });

  it('each job span has children for reading windows, scoring and writing blobs', () => {
    for (const job of named('process score job')) {
      const children = capture
        .spans()
        .filter((span) => parentOf(span) === job.spanContext().spanId)
        .map((span) => span.name);
      expect(children).toEqual(
        expect.arrayContaining(['read windows', 'score', 'write predictions', 'write job log']),
      );
      for (const child of capture.spans().filter((s) => parentOf(s) === job.spanContext().spanId)) {
        expect(child.spanContext().traceId).toBe(job.spanContext().traceId);
      }
    }
  });
});
