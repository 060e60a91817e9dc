/** The fake's own rules, where the JobQueue suite relies on it behaving like Service Bus. */
import { describe, expect, it } from 'vitest';
import { FakeServiceBusNamespace } from './fake-service-bus.js';
import { sleep } from './job-queue-conformance-kit.js';

const LOCK_MS = 100;

function setup(options: { maxDeliveryCount?: number; duplicateDetectionWindowMs?: number } = {}) {
  const namespace = new FakeServiceBusNamespace();
  namespace.createQueue('q', { lockDurationMs: LOCK_MS, ...options });
  const client = namespace.client();
  return {
    namespace,
    sender: client.createSender('q'),
    receiver: client.createReceiver('q'),
    other: namespace.client().createReceiver('q'),
    dead: client.createReceiver('q', { subQueueType: 'deadLetter' }),
    counts: () => namespace.administration().getQueueRuntimeProperties('q'),
  };
}

const lockLost = { code: 'MessageLockLost' };

describe('FakeServiceBus', () => {
  it('locks a received message until it expires, then delivers it again with deliveryCount + 1', async () => {
    const { sender, receiver, other } = setup();
    await sender.sendMessages({ messageId: 'm1', body: { n: 1 } });
    const [first] = await receiver.receiveMessages(5, { maxWaitTimeInMs: 0 });
    expect(first).toMatchObject({ messageId: 'm1', body: { n: 1 }, deliveryCount: 0 });
    expect(await other.receiveMessages(5, { maxWaitTimeInMs: 0 })).toEqual([]);

    const [again] = await other.receiveMessages(5, { maxWaitTimeInMs: LOCK_MS * 5 });
    expect(again).toMatchObject({ messageId: 'm1', deliveryCount: 1 });
    expect(again!.lockToken).not.toBe(first!.lockToken);
    await expect(receiver.completeMessage(first!)).rejects.toMatchObject(lockLost);
    await other.completeMessage(again!);
    expect(await receiver.receiveMessages(5, { maxWaitTimeInMs: LOCK_MS * 2 })).toEqual([]);
  });

  it('keeps a renewed lock past its first expiry', async () => {
    const { namespace } = setup();
    namespace.createQueue('slow', { lockDurationMs: 300 });
    const client = namespace.client();
    const [receiver, other] = [client.createReceiver('slow'), client.createReceiver('slow')];
    await client.createSender('slow').sendMessages({ messageId: 'm1', body: 1 });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 });
    const firstUntil = message!.lockedUntilUtc!.getTime();
    await sleep(150);
    const until = await receiver.renewMessageLock(message!);
    expect(until.getTime()).toBeGreaterThanOrEqual(firstUntil + 100);
    while (Date.now() < firstUntil + 20) await sleep(5);
    expect(await other.receiveMessages(1, { maxWaitTimeInMs: 0 })).toEqual([]);
    await receiver.completeMessage(message!);
  });

  it('makes an abandoned message available at once, counting the delivery', async () => {
    const { sender, receiver } = setup();
    await sender.sendMessages({ messageId: 'm1', body: 1 });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 });
    await receiver.abandonMessage(message!);
    const [again] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 });
    expect(again).toMatchObject({ messageId: 'm1', deliveryCount: 1 });
  });

  it('dead-letters after maxDeliveryCount deliveries, with the reason, into a readable sub-queue', async () => {
    const { sender, receiver, dead, counts } = setup({ maxDeliveryCount: 2 });
    await sender.sendMessages({ messageId: 'm1', body: 1, applicationProperties: { jobId: 'j' } });
    for (let delivery = 0; delivery < 2; delivery += 1) {
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 });
      await receiver.abandonMessage(message!);
    }
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 })).toEqual([]);
    expect(await counts()).toMatchObject({ activeMessageCount: 0, deadLetterMessageCount: 1 });
    const [letter] = await dead.peekMessages(10);
    expect(letter).toMatchObject({
      messageId: 'm1',
      deadLetterReason: 'MaxDeliveryCountExceeded',
      applicationProperties: { jobId: 'j' },
    });
    const [received] = await dead.receiveMessages(1, { maxWaitTimeInMs: 0 });
    await dead.completeMessage(received!);
    expect((await counts()).deadLetterMessageCount).toBe(0);
  });

  it('dead-letters on request with reason, description and modified properties', async () => {
    const { sender, receiver, dead } = setup();
    await sender.sendMessages({ messageId: 'm1', body: 1 });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 });
    await receiver.deadLetterMessage(message!, {
      deadLetterReason: 'bad input',
      deadLetterErrorDescription: 'details',
      attempts: 3,
    });
    expect(await dead.peekMessages(10)).toMatchObject([
      {
        deadLetterReason: 'bad input',
        deadLetterErrorDescription: 'details',
        applicationProperties: { attempts: 3 },
      },
    ]);
  });

  it('drops a message id seen within the duplicate-detection window, scheduled or not', async () => {
    const { sender, counts } = setup({ duplicateDetectionWindowMs: 300 });
    await sender.sendMessages({ messageId: 'm1', body: 1 });
    await sender.sendMessages({ messageId: 'm1', body: 2 });
    await sender.scheduleMessages({ messageId: 'm1', body: 3 }, new Date(Date.now() + 60_000));
    expect(await counts()).toMatchObject({ activeMessageCount: 1, scheduledMessageCount: 0 });
    await sleep(310);
    await sender.sendMessages({ messageId: 'm1', body: 4 });
    expect((await counts()).activeMessageCount).toBe(2);
  });

  it('holds a scheduled message until it is due', async () => {
    const { sender, receiver, counts } = setup();
    await sender.scheduleMessages({ messageId: 'm1', body: 1 }, new Date(Date.now() + 300));
    expect(await counts()).toMatchObject({ activeMessageCount: 0, scheduledMessageCount: 1 });
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 })).toEqual([]);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(message).toMatchObject({ messageId: 'm1', deliveryCount: 0 });
    // Locked messages still count as active, as on the service.
    expect(await counts()).toMatchObject({ activeMessageCount: 1, scheduledMessageCount: 0 });
  });

  it('waits for a message sent later, gives up after maxWaitTimeInMs, and honours abortSignal', async () => {
    const { sender, receiver } = setup();
    const waiting = receiver.receiveMessages(1, { maxWaitTimeInMs: 5_000 });
    await sender.sendMessages({ messageId: 'm1', body: 1 });
    expect(await waiting).toHaveLength(1);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 20 })).toEqual([]);
    const controller = new AbortController();
    const aborted = receiver.receiveMessages(1, {
      maxWaitTimeInMs: 5_000,
      abortSignal: controller.signal,
    });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('peeks onward from the last peeked message without locking', async () => {
    const { sender, receiver, other } = setup();
    for (const id of ['a', 'b', 'c']) await sender.sendMessages({ messageId: id, body: id });
    expect((await receiver.peekMessages(2)).map((m) => m.messageId)).toEqual(['a', 'b']);
    expect((await receiver.peekMessages(2)).map((m) => m.messageId)).toEqual(['c']);
    expect(await receiver.peekMessages(2)).toEqual([]);
    expect(await other.receiveMessages(3, { maxWaitTimeInMs: 0 })).toHaveLength(3);
  });

  it('after a crash, fails every call and lets the locks expire', async () => {
    const { sender, receiver, other } = setup();
    await sender.sendMessages({ messageId: 'm1', body: 1 });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 0 });
    receiver.crash();
    await expect(receiver.renewMessageLock(message!)).rejects.toMatchObject(lockLost);
    await expect(receiver.receiveMessages(1)).rejects.toMatchObject({
      code: 'ServiceCommunicationProblem',
    });
    const [again] = await other.receiveMessages(1, { maxWaitTimeInMs: LOCK_MS * 5 });
    expect(again).toMatchObject({ messageId: 'm1', deliveryCount: 1 });
  });
});
