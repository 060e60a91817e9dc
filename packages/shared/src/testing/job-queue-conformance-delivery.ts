/** JobQueue conformance: delivery, idempotency, concurrency, depth and closing. */
import { expect, it } from 'vitest';
import { NonRetryableError } from '../errors.js';
import {
  type ConformanceContext,
  EMPTY,
  gate,
  recorder,
  sleep,
  waitFor,
  waitForDepth,
} from './job-queue-conformance-kit.js';

export function deliveryTests(context: ConformanceContext): void {
  const { consume, enqueue, drainBehind } = context;
  const h = () => context.h;

  it('delivers a job once and, once completed, never again', async () => {
    const seen = recorder();
    expect(await enqueue('job-a', 1)).toEqual({ enqueued: true });
    consume(h().queue, seen.handler);
    await waitFor('job-a delivered', () => seen.of('job-a').length > 0);
    // Completed: no state left from which it could come back (active, waiting, delayed).
    await waitForDepth(h().queue, EMPTY);
    await drainBehind(seen, 'job-a-sentinel');
    expect(seen.of('job-a')).toMatchObject([{ n: 1, attempt: 1 }]);
  });

  it('probes without taking, locking or counting a job', async () => {
    await h().queue.probe();
    await enqueue('job-probed', 4);
    await h().queue.probe();
    await h().queue.probe();
    await waitForDepth(h().queue, { ...EMPTY, waiting: 1 });
    const seen = recorder();
    consume(h().queue, seen.handler);
    await waitFor('job-probed delivered', () => seen.of('job-probed').length > 0);
    // A probe is not a delivery: the first delivery is still attempt 1.
    expect(seen.of('job-probed')).toMatchObject([{ n: 4, attempt: 1 }]);
    await waitForDepth(h().queue, EMPTY);
  });

  it('treats the id as an idempotency key, before and after completion', async () => {
    const [first, second] = await Promise.all([enqueue('job-dup', 1), enqueue('job-dup', 2)]);
    const seen = recorder();
    consume(h().queue, seen.handler);
    await waitFor('job-dup delivered', () => seen.of('job-dup').length > 0);
    await waitForDepth(h().queue, EMPTY);
    const third = await enqueue('job-dup', 3);
    await drainBehind(seen, 'job-dup-sentinel');

    expect(seen.of('job-dup')).toHaveLength(1);
    if (h().capabilities.reportsDuplicates) {
      expect([first.enqueued, second.enqueued].sort()).toEqual([false, true]);
      // The delivered payload is the one whose enqueue reported true.
      expect(seen.of('job-dup')[0]?.n).toBe(first.enqueued ? 1 : 2);
      expect(third).toEqual({ enqueued: false });
    }
  });

  it('never runs more handlers at once than its concurrency', async () => {
    const release = gate();
    let running = 0;
    let most = 0;
    const seen = recorder(async () => {
      running += 1;
      most = Math.max(most, running);
      await release.opened;
      running -= 1;
    });
    for (let n = 0; n < 5; n += 1) await enqueue(`job-c${n}`, n);
    consume(h().queue, seen.handler, { concurrency: 2 });
    await waitFor('two running', () => running === 2);
    await sleep(300); // room for a third, were the limit not honoured
    expect(running).toBe(2);
    release.open();
    await waitFor('all five', () => seen.deliveries.length === 5);
    await waitForDepth(h().queue, EMPTY);
    expect(most).toBe(2);
  });

  it('counts waiting, delayed, active, failed and dead-lettered jobs', async () => {
    await enqueue('job-now');
    await enqueue('job-later', 0, 60_000);
    await waitForDepth(h().queue, { ...EMPTY, waiting: 1, delayed: 1 });

    const release = gate();
    consume(
      h().queue,
      async (job) => {
        if (job.id === 'job-now') await release.opened;
        if (job.id === 'job-fail') throw new Error('try later');
        if (job.id === 'job-bad') throw new NonRetryableError('never');
      },
      { maxAttempts: 2, backoffMs: 60_000 },
    );
    await waitForDepth(h().queue, { ...EMPTY, delayed: 1, active: 1 });
    await enqueue('job-fail');
    await enqueue('job-bad');
    await waitForDepth(h().queue, { ...EMPTY, waiting: 2, delayed: 1, active: 1 });

    release.open();
    const failed = h().capabilities.countsRetrying ? 1 : 0;
    await waitForDepth(h().queue, { ...EMPTY, delayed: 2, failed, deadLettered: 1 });
  });

  it('close() waits for running handlers, then takes no more jobs', async () => {
    const release = gate();
    const seen = recorder(() => release.opened);
    const consumer = consume(h().queue, seen.handler);
    await enqueue('job-drain');
    await waitFor('delivery', () => seen.deliveries.length === 1);

    let closed = false;
    const closing = consumer.close({ deadlineMs: 10_000 }).then(() => {
      closed = true;
    });
    await sleep(100);
    expect(closed).toBe(false);
    release.open();
    await closing;
    await waitForDepth(h().queue, EMPTY);

    await enqueue('job-after-close');
    const peer = recorder();
    consume(await h().openPeer(), peer.handler);
    await waitFor('delivery to the peer', () => peer.deliveries.length === 1);
    expect(peer.deliveries).toMatchObject([{ id: 'job-after-close', attempt: 1 }]);
    expect(seen.deliveries.map((d) => d.id)).toEqual(['job-drain']);
  });

  it('close() past its deadline aborts the handler and hands the job on, at the same attempt', async () => {
    const reasons: unknown[] = [];
    const stuck = recorder(async (_job, signal) => {
      signal.addEventListener('abort', () => reasons.push(signal.reason));
      await new Promise(() => {}); // ignores its signal: never settles
    });
    const consumer = consume(h().queue, stuck.handler);
    await enqueue('job-stuck', 3);
    await waitFor('delivery', () => stuck.deliveries.length === 1);

    const started = performance.now();
    await consumer.close({ deadlineMs: 200 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(reasons).toHaveLength(1);

    const seen = recorder();
    consume(await h().openPeer(), seen.handler);
    await waitFor('redelivery', () => seen.deliveries.length === 1, 20_000);
    // A hand-back is not an attempt: the job comes back as attempt 1 again.
    expect(seen.deliveries).toMatchObject([{ id: 'job-stuck', n: 3, attempt: 1 }]);
  });

  it('a job handed back on its last attempt comes back on it, not to the dead letters', async () => {
    const options = { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 10 };
    // Attempt 1 fails; attempt 2 is still running when the consumer is closed.
    const draining = recorder(async (job) => {
      if (job.attempt === 1) throw new Error('attempt 1 fails');
      await new Promise(() => {});
    });
    const consumer = consume(h().queue, draining.handler, options);
    await enqueue('job-last');
    await waitFor('attempt 2', () => draining.deliveries.length === 2, 20_000);
    await consumer.close({ deadlineMs: 100 });

    const seen = recorder();
    consume(await h().openPeer(), seen.handler, options);
    await waitFor('redelivery', () => seen.deliveries.length === 1, 20_000);
    expect(seen.deliveries).toMatchObject([{ id: 'job-last', attempt: 2 }]);
    await waitForDepth(h().queue, EMPTY);
  });
}
