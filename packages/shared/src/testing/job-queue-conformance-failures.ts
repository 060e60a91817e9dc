/** JobQueue conformance: retries, dead letters, crashes and lost locks. */
import { expect, it } from 'vitest';
import { NonRetryableError } from '../errors.js';
import {
  allDeadLetters,
  type ConformanceContext,
  EMPTY,
  recorder,
  sleep,
  untilAborted,
  waitFor,
  waitForDepth,
} from './job-queue-conformance-kit.js';

export function failureTests(context: ConformanceContext): void {
  const { consume, enqueue, drainBehind } = context;
  const h = () => context.h;

  it('retries a failing job with growing backoff until it succeeds', async () => {
    const backoffMs = 100;
    const seen = recorder(async (job) => {
      if (job.attempt < 3) throw new Error(`failed attempt ${job.attempt}`);
    });
    await enqueue('job-retry');
    consume(h().queue, seen.handler, { maxAttempts: 5, backoffMs });
    await waitFor('third attempt', () => seen.of('job-retry').length === 3);
    await waitForDepth(h().queue, EMPTY);

    const [a1, a2, a3] = seen.of('job-retry');
    expect([a1?.attempt, a2?.attempt, a3?.attempt]).toEqual([1, 2, 3]);
    // Jitter takes off at most 10 %; a few ms of slack for clocks.
    expect(a2!.at - a1!.at).toBeGreaterThanOrEqual(backoffMs * 0.9 - 5);
    expect(a3!.at - a2!.at).toBeGreaterThanOrEqual(2 * backoffMs * 0.9 - 5);
    expect(await allDeadLetters(h().queue)).toEqual([]);
  });

  it('dead-letters a job after maxAttempts with the last error as the reason', async () => {
    const before = Date.now();
    const seen = recorder(async (job) => {
      throw new Error(`boom on attempt ${job.attempt}`);
    });
    await enqueue('job-dead', 7);
    consume(h().queue, seen.handler, { maxAttempts: 3, backoffMs: 20 });
    await waitFor('a dead letter', async () => (await allDeadLetters(h().queue)).length > 0);
    const [dead] = await allDeadLetters(h().queue);
    expect(dead).toMatchObject({
      id: 'job-dead',
      payload: { n: 7 },
      reason: 'boom on attempt 3',
      attempts: 3,
    });
    expect(dead!.deadLetteredAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(dead!.deadLetteredAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(seen.of('job-dead').map((d) => d.attempt)).toEqual([1, 2, 3]);
    await waitForDepth(h().queue, { ...EMPTY, deadLettered: 1 });

    // A dead-lettered id is still known: enqueueing it again does nothing.
    const again = await enqueue('job-dead', 8);
    if (h().capabilities.reportsDuplicates) expect(again).toEqual({ enqueued: false });
    await drainBehind(seen, 'job-dead-sentinel');
    expect(seen.of('job-dead')).toHaveLength(3);
  });

  it('dead-letters at once on NonRetryableError, listed oldest first', async () => {
    const seen = recorder(async (job) => {
      throw new NonRetryableError(`bad input in ${job.id}`);
    });
    consume(h().queue, seen.handler, { maxAttempts: 5 });
    await enqueue('job-x', 1);
    await waitFor(
      'job-x dead-lettered',
      async () => (await allDeadLetters(h().queue)).length === 1,
    );
    await sleep(5); // distinct dead-letter times
    await enqueue('job-y', 2);
    await waitFor(
      'job-y dead-lettered',
      async () => (await allDeadLetters(h().queue)).length === 2,
    );

    const letters = await allDeadLetters(h().queue);
    expect(letters.map((l) => [l.id, l.reason, l.attempts])).toEqual([
      ['job-x', 'bad input in job-x', 1],
      ['job-y', 'bad input in job-y', 1],
    ]);
    const first = await h().queue.deadLetters({ limit: 1 });
    expect(first.letters.map((l) => l.id)).toEqual(['job-x']);
    const second = await h().queue.deadLetters({ limit: 1, continuation: first.continuation! });
    expect(second.letters.map((l) => l.id)).toEqual(['job-y']);
    expect(seen.deliveries.map((d) => d.attempt)).toEqual([1, 1]);
    await waitForDepth(h().queue, { ...EMPTY, deadLettered: 2 });
  });

  it('delivers the job of a crashed consumer again, counting the attempt', async () => {
    const hung = recorder((_job, signal) => untilAborted(signal));
    const crashed = consume(h().queue, hung.handler);
    await enqueue('job-crash', 5);
    await waitFor('first delivery', () => hung.deliveries.length === 1);
    await h().crash(crashed);

    const seen = recorder();
    consume(await h().openPeer(), seen.handler);
    await waitFor('redelivery', () => seen.of('job-crash').length === 1, 20_000);
    expect(seen.of('job-crash')).toMatchObject([{ n: 5, attempt: 2 }]);
    await waitForDepth(h().queue, EMPTY);
  });

  it('aborts the handler when its lock is lost and delivers the job again', async () => {
    const aborted: unknown[] = [];
    const seen = recorder(async (job, signal) => {
      if (job.attempt > 1) return;
      await untilAborted(signal);
      aborted.push(signal.reason);
    });
    consume(h().queue, seen.handler);
    await enqueue('job-lost');
    await waitFor('first delivery', () => seen.deliveries.length === 1);
    await h().loseLock('job-lost');

    await waitFor('the signal aborted', () => aborted.length === 1);
    await waitFor('redelivery', () => seen.of('job-lost').length === 2, 20_000);
    expect(seen.of('job-lost').map((d) => d.attempt)).toEqual([1, 2]);
    await waitForDepth(h().queue, EMPTY);
    expect(await allDeadLetters(h().queue)).toEqual([]);
  });

  it('dead-letters a job whose last attempt lost its lock, without running it again', async () => {
    const seen = recorder((_job, signal) => untilAborted(signal));
    consume(h().queue, seen.handler, { maxAttempts: 2 });
    await enqueue('job-stall', 4);
    await waitFor('first delivery', () => seen.deliveries.length === 1);
    await h().loseLock('job-stall');
    await waitFor('second delivery', () => seen.deliveries.length === 2, 20_000);
    await h().loseLock('job-stall');

    await waitFor(
      'a dead letter',
      async () => (await allDeadLetters(h().queue)).length === 1,
      20_000,
    );
    const [dead] = await allDeadLetters(h().queue);
    expect(dead).toMatchObject({ id: 'job-stall', payload: { n: 4 }, attempts: 2 });
    expect(dead?.reason).toMatch(/^lock lost/);
    expect(seen.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    await waitForDepth(h().queue, { ...EMPTY, deadLettered: 1 });
  });
}
