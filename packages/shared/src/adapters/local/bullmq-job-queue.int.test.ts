import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../../errors.js';
import type { Consumer } from '../../ports/job-queue.js';
import {
  type ConformancePayload,
  describeJobQueueConformance,
  waitFor,
} from '../../testing/job-queue-conformance.js';
import { testStack, uniqueName } from '../../testing/stack-env.js';
import type { BullMqConsumer } from './bullmq-consumer.js';
import { BullMqJobQueue } from './bullmq-job-queue.js';

const { redisUrl } = testStack();

describeJobQueueConformance('BullMQ on Redis', async () => {
  // A unique key prefix isolates this test's queue in the shared Redis.
  const prefix = uniqueName('fsjq');
  const name = 'jobs';
  const redis = new Redis(redisUrl);
  const handles: BullMqJobQueue<ConformancePayload>[] = [];
  const open = () => {
    const queue = new BullMqJobQueue<ConformancePayload>({
      connection: { url: redisUrl },
      name,
      prefix,
    });
    handles.push(queue);
    return queue;
  };
  return {
    queue: open(),
    openPeer: async () => open(),
    // A worker closed with force stops renewing locks and leaves its jobs active.
    crash: (consumer: Consumer) =>
      (consumer as BullMqConsumer<ConformancePayload>).worker.close(true),
    loseLock: async (jobId) => {
      await redis.del(`${prefix}:${name}:${jobId}:lock`);
    },
    capabilities: { reportsDuplicates: true, countsRetrying: true },
    cleanup: async () => {
      await Promise.all(handles.map((queue) => queue.close()));
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
      }
      await redis.quit();
    },
  };
});

describe('BullMqJobQueue', () => {
  it('rejects with UnavailableError when Redis does not answer in time', async () => {
    const queue = new BullMqJobQueue<ConformancePayload>({
      // Nothing listens on port 1: BullMQ would wait for a connection indefinitely.
      connection: { url: 'redis://127.0.0.1:1', retryStrategy: () => 100 },
      name: 'jobs',
      prefix: uniqueName('fsjq'),
      operationTimeoutMs: 300,
    });
    const unavailable = (error: unknown) => isFleetscoreError(error, 'UNAVAILABLE');
    await expect(queue.enqueue({ id: 'job-1', payload: { n: 1 } })).rejects.toSatisfy(unavailable);
    await expect(queue.depth()).rejects.toSatisfy(unavailable);
    await expect(queue.probe()).rejects.toSatisfy(unavailable);
    await queue.close();
  });

  it('runs over a connection factory and quits the clients it made', async () => {
    const prefix = uniqueName('fsjq');
    const clients: Redis[] = [];
    const queue = new BullMqJobQueue<ConformancePayload>({
      connection: () => {
        const client = new Redis(redisUrl, { maxRetriesPerRequest: null });
        clients.push(client);
        return client;
      },
      name: 'jobs',
      prefix,
    });
    const seen: number[] = [];
    queue.consume(async (job) => void seen.push(job.payload.n), { lockMs: 1_000 });
    await queue.enqueue({ id: 'job-f', payload: { n: 9 } });
    await waitFor('delivery', () => seen.length === 1);
    await queue.close();
    expect(seen).toEqual([9]);
    expect(clients).toHaveLength(2); // the producer's and the consumer's
    await waitFor('clients quit', () => clients.every((client) => client.status === 'end'));
    const redis = new Redis(redisUrl);
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
    await redis.quit();
  });

  it('rejects ids that BullMQ or Service Bus could not carry', async () => {
    const queue = new BullMqJobQueue<ConformancePayload>({
      connection: { url: redisUrl },
      name: 'jobs',
      prefix: uniqueName('fsjq'),
    });
    await expect(queue.enqueue({ id: '42', payload: { n: 1 } })).rejects.toThrow(TypeError);
    await expect(queue.enqueue({ id: 'a:b', payload: { n: 1 } })).rejects.toThrow(TypeError);
    await queue.close();
  });
});
