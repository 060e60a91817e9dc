/**
 * The scorer's real job handler on the Service Bus adapter (over the fake namespace), with the
 * process dying between scheduling a retry copy and completing the original: the original
 * comes back after its lock expires while the copy runs too. The job must still end once, with
 * one prediction blob, and leave at most one dead letter (docs/scorer.md, "Retries on Service Bus").
 */
import {
  type JobQueue,
  jobId,
  logBlobName,
  runId as makeRunId,
  predictionsBlobName,
  UnavailableError,
} from '@fleetscore/shared';
import { ServiceBusJobQueue } from '@fleetscore/shared/azure';
import { FakeServiceBusNamespace } from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  HOUR,
  scoreRun,
  scorerHarness,
  scoringJobs,
  sensorsOf,
  sensorWindows,
  terminal,
} from './scorer.test-helper.js';

/** The queue's lock: long beside the retry backoff (50 ms), so the copy runs first. */
const LOCK_MS = 3_000;

let harness: Harness;

/** Polls until `probe` holds; fails after `timeoutMs`. */
async function waitFor(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
afterEach(async () => {
  await harness?.cleanup();
});

/** A Service Bus queue over the fake that records every delivery's attempt. */
function serviceBusQueue() {
  const namespace = new FakeServiceBusNamespace();
  const entity = namespace.createQueue('scoring', { lockDurationMs: LOCK_MS });
  const queue = new ServiceBusJobQueue<unknown>({
    client: namespace.client(),
    queueName: 'scoring',
    administration: namespace.administration(),
    ownsClient: true,
  });
  const attempts: number[] = [];
  const recording: JobQueue<unknown> = {
    enqueue: (job, options) => queue.enqueue(job, options),
    consume: (handler, options) =>
      queue.consume((job, signal) => {
        attempts.push(job.attempt);
        return handler(job, signal);
      }, options),
    probe: (options) => queue.probe(options),
    depth: () => queue.depth(),
    deadLetters: (options) => queue.deadLetters(options),
    replayDeadLetter: (id, options) => queue.replayDeadLetter(id, options),
    close: () => queue.close(),
  };
  const settled = async () => {
    const depth = await queue.depth();
    return depth.waiting + depth.delayed + depth.active === 0;
  };
  return { entity, queue: recording, attempts, settled };
}

/** The harness's blobs, with window listings unavailable while `failing()` says so. */
function flakyWindows(h: Harness, failing: () => boolean): Harness['blobs'] {
  const { blobs } = h;
  return {
    put: (...args) => blobs.put(...args),
    get: (...args) => blobs.get(...args),
    getStream: (...args) => blobs.getStream(...args),
    delete: (...args) => blobs.delete(...args),
    exists: (...args) => blobs.exists(...args),
    list: (...args) => {
      if (failing()) throw new UnavailableError('storage is down (injected)');
      return blobs.list(...args);
    },
  };
}

async function plannedRun(h: Harness) {
  const sensors = sensorsOf(1, 2);
  const versions = await h.registerModels(sensors);
  await h.writeWindows(sensorWindows(sensors, HOUR, 60));
  const id = makeRunId('api', new Date(HOUR), Math.random().toString(36).slice(2, 10));
  await h.plan(scoreRun(id), scoringJobs(id, versions));
  return id;
}

describe('scorer on Service Bus: a death between scheduling a retry and completing', () => {
  it('runs the retried attempt twice, but the job ends once with one prediction blob', async () => {
    const sb = serviceBusQueue();
    harness = await scorerHarness({ queue: sb.queue });
    const runId = await plannedRun(harness);
    sb.entity.dieAt('complete', (message) => message.messageId === jobId(runId, 0));
    let listings = 0;
    // Attempt 1 fails (transient), schedules its retry copy and "dies" before completing.
    harness.start({ lockMs: LOCK_MS }, { blobs: flakyWindows(harness, () => ++listings === 1) });

    const [done] = await harness.waitForJobs(runId, terminal);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
    // The original comes back after its lock expires, at the same attempt as the copy.
    await waitFor('the original again', () => sb.attempts.length === 3, 20_000);
    await waitFor('a settled queue', sb.settled, 10_000);
    expect(sb.attempts).toEqual([1, 2, 2]);

    // Acknowledged unscored: the record was not reopened, nothing was written twice.
    const [after] = await harness.ledger.listJobs(runId);
    expect(after).toEqual(done);
    expect(listings).toBe(2);
    expect(await harness.names('predictions/')).toEqual([
      predictionsBlobName(runId, 0, new Date(HOUR)),
    ]);
    expect(await harness.names('logs/')).toEqual([logBlobName(runId, 0)]);
    expect(await sb.queue.deadLetters()).toEqual({ letters: [] });
  });

  it('leaves one dead letter when the retried attempt was the last one', async () => {
    const sb = serviceBusQueue();
    harness = await scorerHarness({ queue: sb.queue });
    const runId = await plannedRun(harness);
    sb.entity.dieAt('complete', (message) => message.messageId === jobId(runId, 0));
    harness.start(
      { lockMs: LOCK_MS, jobAttempts: 2 },
      { blobs: flakyWindows(harness, () => true) },
    );

    const [dead] = await harness.waitForJobs(runId, terminal);
    expect(dead).toMatchObject({ state: 'dead-lettered', attempts: 2 });
    await waitFor('the original again', () => sb.attempts.length === 3, 20_000);
    await waitFor('a settled queue', sb.settled, 10_000);
    expect(sb.attempts).toEqual([1, 2, 2]);
    // The stray original (attempt 2 of a dead-lettered job) is acknowledged, not run to a
    // second failure: one dead letter, and the record as the last attempt left it.
    const { letters } = await sb.queue.deadLetters();
    expect(letters.map((letter) => [letter.id, letter.attempts])).toEqual([[jobId(runId, 0), 2]]);
    const [after] = await harness.ledger.listJobs(runId);
    expect(after).toEqual(dead);
  });
});
