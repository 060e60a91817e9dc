import { describe, expect, it } from 'vitest';
import { isFleetscoreError, NonRetryableError } from '../../errors.js';
import {
  FakeServiceBusNamespace,
  type FakeServiceBusReceiver,
} from '../../testing/fake-service-bus.js';
import {
  CONFORMANCE_LOCK_MS,
  type ConformancePayload,
  describeJobQueueConformance,
  recorder,
  untilAborted,
  waitFor,
} from '../../testing/job-queue-conformance.js';
import type { ServiceBusConsumer } from './service-bus-consumer.js';
import { ServiceBusJobQueue } from './service-bus-job-queue.js';

function fakeQueue(options: { maxDeliveryCount?: number } = {}) {
  // Short peeks, as the service may return: paging must go on until a peek comes back empty.
  const namespace = new FakeServiceBusNamespace({ maxPeekMessages: 2 });
  const queueName = 'jobs';
  const entity = namespace.createQueue(queueName, {
    lockDurationMs: CONFORMANCE_LOCK_MS,
    maxDeliveryCount: options.maxDeliveryCount ?? 10,
  });
  const handles: ServiceBusJobQueue<ConformancePayload>[] = [];
  const open = (client = namespace.client()) => {
    const queue = new ServiceBusJobQueue<ConformancePayload>({
      client,
      queueName,
      administration: namespace.administration(),
      ownsClient: true,
    });
    handles.push(queue);
    return queue;
  };
  const closeAll = () => Promise.all(handles.map((queue) => queue.close()));
  return { namespace, entity, queueName, open, closeAll };
}

describeJobQueueConformance('Service Bus (in-memory fake)', async () => {
  const { entity, open, closeAll } = fakeQueue();
  return {
    queue: open(),
    openPeer: async () => open(),
    crash: async (consumer) => {
      const { receiver } = consumer as ServiceBusConsumer<ConformancePayload>;
      (receiver as FakeServiceBusReceiver).crash();
    },
    loseLock: async (jobId) => {
      entity.expireLocks((message) => message.applicationProperties?.jobId === jobId);
    },
    capabilities: { reportsDuplicates: false, countsRetrying: false },
    cleanup: async () => {
      await closeAll();
    },
  };
});

describe('ServiceBusJobQueue with Sender + Receiver only (the scorer)', () => {
  const consumerRights = ['send', 'listen'] as const;

  it('probes, consumes, retries and dead-letters without a management call; depth alone is refused', async () => {
    const namespace = new FakeServiceBusNamespace();
    namespace.createQueue('jobs', { lockDurationMs: CONFORMANCE_LOCK_MS });
    const queue = new ServiceBusJobQueue<ConformancePayload>({
      client: namespace.client({ rights: consumerRights }),
      queueName: 'jobs',
      administration: namespace.administration({ rights: consumerRights }),
      ownsClient: true,
    });
    await queue.probe();
    const seen = recorder(async (job) => {
      if (job.id === 'job-bad') throw new NonRetryableError('bad input');
      if (job.attempt < 2) throw new Error('transient');
    });
    queue.consume(seen.handler, { lockMs: CONFORMANCE_LOCK_MS, maxAttempts: 3, backoffMs: 20 });
    await queue.enqueue({ id: 'job-ok', payload: { n: 1 } });
    await queue.enqueue({ id: 'job-bad', payload: { n: 2 } });
    await waitFor('a retried success', () => seen.of('job-ok').length === 2);
    await waitFor('a dead letter', async () => (await queue.deadLetters()).letters.length === 1);
    await queue.probe();
    expect(namespace.managementCalls).toBe(0);

    // What the scorer's readiness did before: a management read, refused to this identity.
    await expect(queue.depth()).rejects.toMatchObject({
      name: 'RestError',
      code: 'UnauthorizedRequestError',
      statusCode: 401,
    });
    expect(namespace.managementCalls).toBe(1);
    await queue.close();
  });

  it('is refused what the rights do not cover, as the service refuses it', async () => {
    const namespace = new FakeServiceBusNamespace();
    namespace.createQueue('jobs');
    const sendOnly = new ServiceBusJobQueue<ConformancePayload>({
      client: namespace.client({ rights: ['send'] }),
      queueName: 'jobs',
    });
    await sendOnly.enqueue({ id: 'job-1', payload: { n: 1 } });
    await expect(sendOnly.probe()).rejects.toMatchObject({ code: 'UnauthorizedAccess' });
    await sendOnly.close();
  });
});

describe('ServiceBusJobQueue beyond the conformance suite', () => {
  it('reports what the service dead-lettered itself (MaxDeliveryCountExceeded)', async () => {
    const { entity, open, closeAll } = fakeQueue({ maxDeliveryCount: 2 });
    const queue = open();
    const seen = recorder((_job, signal) => untilAborted(signal));
    queue.consume(seen.handler, { lockMs: CONFORMANCE_LOCK_MS, maxAttempts: 5 });
    await queue.enqueue({ id: 'job-expiring', payload: { n: 2 } });
    for (const deliveries of [1, 2]) {
      await waitFor(`delivery ${deliveries}`, () => seen.deliveries.length === deliveries);
      entity.expireLocks(() => true);
    }
    await waitFor('a dead letter', async () => (await queue.deadLetters()).letters.length === 1);
    const [dead] = (await queue.deadLetters()).letters;
    expect(dead).toMatchObject({
      id: 'job-expiring',
      payload: { n: 2 },
      reason: 'MaxDeliveryCountExceeded',
      attempts: 2,
    });
    await closeAll();
  });

  it('dead-letters a message that does not carry a job', async () => {
    const { namespace, queueName, open, closeAll } = fakeQueue();
    const queue = open();
    const seen = recorder();
    queue.consume(seen.handler, { lockMs: CONFORMANCE_LOCK_MS });
    await namespace
      .client()
      .createSender(queueName)
      .sendMessages({ messageId: 'stray', body: 'hello' });
    await waitFor('a dead letter', async () => (await queue.deadLetters()).letters.length === 1);
    expect((await queue.deadLetters()).letters[0]).toMatchObject({
      id: 'stray',
      reason: /not a job/,
    });
    expect(seen.deliveries).toEqual([]);
    await closeAll();
  });

  it('translates a missing queue to NotFoundError and needs an administration client for depth', async () => {
    const client = new FakeServiceBusNamespace().client();
    const queue = new ServiceBusJobQueue<ConformancePayload>({ client, queueName: 'absent' });
    await expect(queue.enqueue({ id: 'job-1', payload: { n: 1 } })).rejects.toSatisfy((error) =>
      isFleetscoreError(error, 'NOT_FOUND'),
    );
    await expect(queue.depth()).rejects.toSatisfy((error) =>
      isFleetscoreError(error, 'CONFIG_INVALID'),
    );
    await queue.close();
  });
});
