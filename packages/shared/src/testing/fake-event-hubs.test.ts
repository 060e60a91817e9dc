import type {
  PartitionContext,
  ReceivedEventData,
  SubscriptionEventHandlers,
} from '@azure/event-hubs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './event-stream-recorder.js';
import { InMemoryCheckpointStore } from './fake-checkpoint-store.js';
import { FakeEventHub } from './fake-event-hubs.js';
import { FakeEventHubConsumerClient } from './fake-event-hubs-consumer.js';
import { FakeEventHubProducerClient } from './fake-event-hubs-producer.js';

const scope = { fullyQualifiedNamespace: 'ns', eventHubName: 'hub', consumerGroup: 'g' };

describe('InMemoryCheckpointStore', () => {
  it('claims with ETags as BlobCheckpointStore does', async () => {
    const store = new InMemoryCheckpointStore();
    const [first] = await store.claimOwnership([{ ...scope, partitionId: '0', ownerId: 'a' }]);
    expect(first).toMatchObject({ ownerId: 'a', etag: expect.any(String) });
    const stale = { ...scope, partitionId: '0', ownerId: 'b', etag: '"0xstale"' };
    expect(await store.claimOwnership([stale])).toEqual([]);
    const [taken] = await store.claimOwnership([{ ...stale, etag: first!.etag }]);
    expect(taken!.etag).not.toBe(first!.etag);
    const listed = await store.listOwnership('NS', 'HUB', 'G');
    expect(listed.map((o) => o.ownerId)).toEqual(['b']);
    expect(store.conflicts).toBe(1);
  });
});

describe('FakeEventHubProducerClient', () => {
  const hub = new FakeEventHub({ maxMessageSizeInBytes: 1_000 });
  const producer = new FakeEventHubProducerClient(hub);

  it('enforces the SDK batch rules', async () => {
    await expect(producer.createBatch({ partitionKey: 'k', partitionId: '0' })).rejects.toThrow(
      TypeError,
    );
    await expect(producer.createBatch({ maxSizeInBytes: 2_000 })).rejects.toThrow(/greater than/);
    const batch = await producer.createBatch({ partitionKey: 'k' });
    expect(batch.tryAdd({ body: 'x'.repeat(2_000) })).toBe(false);
    expect(batch.tryAdd({ body: { a: 1 } })).toBe(true);
    await producer.sendBatch(batch);
    const other = await new FakeEventHubProducerClient(new FakeEventHub()).createBatch();
    await expect(producer.sendBatch(other)).rejects.toThrow(TypeError);
    const [stored] = hub.events(hub.partitionForKey('k'));
    expect(stored).toMatchObject({ partitionKey: 'k', sequenceNumber: 0, offset: '0' });
  });
});

describe('FakeEventHubConsumerClient', () => {
  const clients: FakeEventHubConsumerClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  const recorder = () => {
    const seen = {
      events: [] as ReceivedEventData[],
      calls: 0,
      errors: [] as unknown[],
      closes: [] as string[],
      owned: new Set<string>(),
    };
    const handlers: SubscriptionEventHandlers = {
      processEvents: async (events: ReceivedEventData[]) => {
        seen.calls++;
        seen.events.push(...events);
      },
      processError: async (error: unknown) => void seen.errors.push(error),
      processInitialize: async (context: PartitionContext) =>
        void seen.owned.add(context.partitionId),
      processClose: async (reason, context) => {
        seen.owned.delete(context.partitionId);
        seen.closes.push(reason);
      },
    };
    return { seen, handlers };
  };
  const client = (
    hub: FakeEventHub,
    store: InMemoryCheckpointStore,
    strategy: 'balanced' | 'greedy',
  ) => {
    const made = new FakeEventHubConsumerClient(hub, 'g', store, {
      loadBalancingOptions: {
        strategy,
        updateIntervalInMs: 10,
        partitionOwnershipExpirationIntervalInMs: 1_000,
      },
    });
    clients.push(made);
    return made;
  };

  it('starts at the latest event without a checkpoint (the SDK default) and reports idle batches', async () => {
    const hub = new FakeEventHub({ partitionCount: 1 });
    const producer = new FakeEventHubProducerClient(hub);
    await producer.sendBatch([{ body: 'before' }]);
    const { seen, handlers } = recorder();
    client(hub, new InMemoryCheckpointStore(), 'greedy').subscribe(handlers, {
      maxWaitTimeInSeconds: 0.02,
    });
    await waitFor('ownership and an idle call', () => seen.owned.size === 1 && seen.calls > 0);
    await producer.sendBatch([{ body: 'after' }]);
    await waitFor('the later event', () => seen.events.length === 1);
    expect(seen.events[0]!.body).toBe('after');
  });

  it('lets a newcomer steal partitions: the old receiver is disconnected', async () => {
    const hub = new FakeEventHub({ partitionCount: 4 });
    const store = new InMemoryCheckpointStore();
    const a = recorder();
    const b = recorder();
    client(hub, store, 'greedy').subscribe(a.handlers, { maxWaitTimeInSeconds: 0.05 });
    await waitFor('a owns all', () => a.seen.owned.size === 4);
    client(hub, store, 'balanced').subscribe(b.handlers, { maxWaitTimeInSeconds: 0.05 });
    await waitFor('two each', () => a.seen.owned.size === 2 && b.seen.owned.size === 2);
    expect(a.seen.closes.length).toBeGreaterThanOrEqual(2);
    expect(a.seen.closes.every((reason) => reason === 'OwnershipLost')).toBe(true);
    expect(a.seen.errors.map((e) => (e as { code?: string }).code)).toContain(
      'ReceiverDisconnectedError',
    );
  });
});
