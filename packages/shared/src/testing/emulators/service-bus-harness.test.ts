// The emulator harness of the Service Bus adapter, proven here on the SDK-surface fake: a queue
// per test from a namespace that outlives the tests, crashes and lost locks made by
// ControlledReceiver (the broker's lock then lapses by itself, as on the emulator), never by the
// fake's own test hooks. The whole conformance suite must pass through it.
import { describe, expect, it } from 'vitest';
import { FakeServiceBusNamespace } from '../fake-service-bus.js';
import { CONFORMANCE_LOCK_MS, describeJobQueueConformance } from '../job-queue-conformance.js';
import { uniqueName } from '../stack-env.js';
import { controlledClient } from './controlled-receiver.js';
import { type QueueAccess, serviceBusHarness } from './service-bus-harness.js';

const namespace = new FakeServiceBusNamespace();

const fakeNamespace: QueueAccess = {
  createQueue: async () => {
    const name = uniqueName('conformance');
    namespace.createQueue(name, { lockDurationMs: CONFORMANCE_LOCK_MS, maxDeliveryCount: 10 });
    return { name, remove: async () => {} };
  },
  client: () => namespace.client(),
  administration: namespace.administration(),
};

describeJobQueueConformance('Service Bus emulator harness, over the fake', () =>
  serviceBusHarness(fakeNamespace),
);

describe('ControlledReceiver', () => {
  const setUp = async () => {
    const { name } = await fakeNamespace.createQueue();
    const { client, receivers } = controlledClient(namespace.client());
    await client
      .createSender(name)
      .sendMessages({ messageId: 'a', body: {}, applicationProperties: { jobId: 'a' } });
    const receiver = client.createReceiver(name);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1_000 });
    return { receiver, receivers, message: message! };
  };

  it('after loseLock, renewing and settling that message fail as MessageLockLost', async () => {
    const { receivers, receiver, message } = await setUp();
    expect(receivers[0]?.loseLock('other')).toBe(0);
    expect(receivers[0]?.loseLock('a')).toBe(1);
    await expect(receiver.renewMessageLock(message)).rejects.toMatchObject({
      code: 'MessageLockLost',
    });
    await expect(receiver.completeMessage(message)).rejects.toMatchObject({
      code: 'MessageLockLost',
    });
  });

  it('after crash, receiving fails and nothing is settled', async () => {
    const { receivers, receiver, message } = await setUp();
    receivers[0]?.crash();
    await expect(receiver.receiveMessages(1)).rejects.toMatchObject({
      code: 'ServiceCommunicationProblem',
    });
    await expect(receiver.abandonMessage(message)).rejects.toMatchObject({
      code: 'MessageLockLost',
    });
  });
});
