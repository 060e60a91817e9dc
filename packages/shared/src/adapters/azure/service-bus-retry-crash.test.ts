/**
 * A retry on Service Bus is two calls: schedule copy k+1 of the job, then complete copy k. What a
 * process death around them leaves, at the queue level (docs/scorer.md, "Retries on Service
 * Bus"); the scorer's handler makes the duplicate harmless (services/scorer retry-crash test).
 */
import { describe, expect, it } from 'vitest';
import { type DeathPoint, FakeServiceBusNamespace } from '../../testing/fake-service-bus.js';
import {
  CONFORMANCE_LOCK_MS,
  type ConformancePayload,
  recorder,
  sleep,
  waitFor,
} from '../../testing/job-queue-conformance.js';
import { ServiceBusJobQueue } from './service-bus-job-queue.js';

/** A job that fails its first attempt and succeeds from the second, with a death injected. */
async function retryWithDeath(death?: { point: DeathPoint; messageId: string }) {
  const namespace = new FakeServiceBusNamespace();
  const entity = namespace.createQueue('jobs', { lockDurationMs: CONFORMANCE_LOCK_MS });
  if (death) entity.dieAt(death.point, (message) => message.messageId === death.messageId);
  const queue = new ServiceBusJobQueue<ConformancePayload>({
    client: namespace.client(),
    queueName: 'jobs',
    administration: namespace.administration(),
    ownsClient: true,
  });
  const seen = recorder(async (job) => {
    if (job.attempt < 2) throw new Error(`attempt ${job.attempt} failed`);
  });
  await queue.enqueue({ id: 'job', payload: { n: 1 } });
  queue.consume(seen.handler, {
    lockMs: CONFORMANCE_LOCK_MS,
    maxAttempts: 3,
    backoffMs: 50,
  });
  const empty = async () => {
    const depth = await queue.depth();
    return depth.waiting + depth.delayed + depth.active + depth.deadLettered === 0;
  };
  return { queue, seen, empty };
}

describe('Service Bus retry: a process death between scheduling the copy and completing', () => {
  it('completed: the copy alone runs the next attempt (no death)', async () => {
    const { queue, seen, empty } = await retryWithDeath();
    await waitFor('the retry', () => seen.deliveries.length === 2);
    await waitFor('an empty queue', empty);
    // Past the original's lock: nothing comes back.
    await sleep(CONFORMANCE_LOCK_MS * 1.5);
    expect(seen.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    await queue.close();
  });

  it('died before the copy was accepted: the original comes back at the next attempt, alone', async () => {
    const { queue, seen, empty } = await retryWithDeath({ point: 'send', messageId: 'job#1' });
    await waitFor('the redelivery', () => seen.deliveries.length === 2, 10_000);
    await waitFor('an empty queue', empty);
    await sleep(CONFORMANCE_LOCK_MS * 1.5);
    // No copy exists; the original's lock expiry counts the attempt (after the lock, not the backoff).
    expect(seen.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    await queue.close();
  });

  for (const point of ['sent', 'complete'] as const) {
    const where =
      point === 'sent'
        ? 'the copy was accepted but the answer lost'
        : 'the copy was scheduled, the original not completed';
    it(`${where}: the next attempt runs twice, none is skipped or counted beyond it`, async () => {
      const messageId = point === 'sent' ? 'job#1' : 'job';
      const { queue, seen, empty } = await retryWithDeath({ point, messageId });
      // The copy (after its backoff) and the original (after its lock expires): both attempt 2.
      await waitFor('both deliveries', () => seen.deliveries.length === 3, 10_000);
      await waitFor('an empty queue', empty);
      await sleep(CONFORMANCE_LOCK_MS * 1.5);
      expect(seen.deliveries.map((d) => d.attempt)).toEqual([1, 2, 2]);
      await queue.close();
    });
  }

  it('the original failing again schedules the same copy id, which duplicate detection drops', async () => {
    const namespace = new FakeServiceBusNamespace();
    const entity = namespace.createQueue('jobs', { lockDurationMs: CONFORMANCE_LOCK_MS });
    entity.dieAt('complete', (message) => message.messageId === 'job');
    const queue = new ServiceBusJobQueue<ConformancePayload>({
      client: namespace.client(),
      queueName: 'jobs',
      administration: namespace.administration(),
      ownsClient: true,
    });
    // Fails attempts 1 and 2: copy 0 (attempt 1) schedules copy 1 and dies; copy 1 (attempt 2)
    // fails and schedules copy 2 (attempt 3), which succeeds; copy 0 returns (attempt 2), fails,
    // schedules copy 1 again — dropped, its id was seen — and completes.
    const seen = recorder(async (job) => {
      if (job.attempt < 3) throw new Error(`attempt ${job.attempt} failed`);
    });
    await queue.enqueue({ id: 'job', payload: { n: 1 } });
    queue.consume(seen.handler, { lockMs: CONFORMANCE_LOCK_MS, maxAttempts: 9, backoffMs: 50 });
    await waitFor('four deliveries', () => seen.deliveries.length === 4, 10_000);
    await waitFor('an empty queue', async () => {
      const depth = await queue.depth();
      return depth.waiting + depth.delayed + depth.active === 0;
    });
    await sleep(CONFORMANCE_LOCK_MS * 1.5);
    expect(seen.deliveries.map((d) => d.attempt).sort()).toEqual([1, 2, 2, 3]);
    await queue.close();
  });
});
