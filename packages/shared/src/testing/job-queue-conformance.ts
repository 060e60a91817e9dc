/**
 * The behaviour every JobQueue adapter must show (the port's TSDoc), run against BullMQ on a
 * real Redis and against the Service Bus adapter over the in-memory fake.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Consumer } from '../ports/job-queue.js';
import { deliveryTests } from './job-queue-conformance-delivery.js';
import { failureTests } from './job-queue-conformance-failures.js';
import {
  CONFORMANCE_LOCK_MS,
  type ConformanceContext,
  type JobQueueHarness,
  waitFor,
} from './job-queue-conformance-kit.js';
import { pagingTests } from './job-queue-conformance-paging.js';
import { replayTests } from './job-queue-conformance-replay.js';

export * from './job-queue-conformance-kit.js';

/** Per-test timeout, ms: the slowest cases wait for expired locks to be noticed. */
const TIMEOUT = 30_000;

/**
 * Registers the suite. `factory` runs before each test and returns a harness on a fresh queue;
 * every consumer a test starts is closed (deadline 0) before `cleanup`.
 */
export function describeJobQueueConformance(
  label: string,
  factory: () => Promise<JobQueueHarness>,
): void {
  describe(`JobQueue conformance: ${label}`, { timeout: TIMEOUT }, () => {
    let harness: JobQueueHarness | undefined;
    let consumers: Consumer[] = [];

    beforeEach(async () => {
      harness = await factory();
      consumers = [];
    });
    afterEach(async () => {
      await Promise.all(consumers.map((consumer) => consumer.close({ deadlineMs: 0 })));
      await harness?.cleanup();
    });

    const context: ConformanceContext = {
      get h() {
        if (!harness) throw new Error('no harness outside a test');
        return harness;
      },
      consume(queue, handler, options = {}) {
        const consumer = queue.consume(handler, {
          lockMs: CONFORMANCE_LOCK_MS,
          maxAttempts: 3,
          backoffMs: 50,
          ...options,
        });
        consumers.push(consumer);
        return consumer;
      },
      enqueue: (id, n = 0, delayMs) =>
        context.h.queue.enqueue({ id, payload: { n }, ...(delayMs ? { delayMs } : {}) }),
      async drainBehind(seen, id) {
        await context.enqueue(id);
        await waitFor(`${id} delivered`, () => seen.of(id).length > 0);
      },
    };

    deliveryTests(context);
    failureTests(context);
    replayTests(context);
    pagingTests(context);
  });
}
