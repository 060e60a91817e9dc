// The emulator harness of the Event Hubs adapter, proven here on the SDK-surface fakes: one hub
// shared by every test and never emptied — as the emulator's declared hub is — so each test
// starts with the events of the ones before it. The whole conformance suite must pass through
// the harness's shims (fresh store, shifted `earliest`, crash by silencing), and the shims
// alone are checked below.
import { earliestEventPosition, latestEventPosition } from '@azure/event-hubs';
import { describe, expect, it } from 'vitest';
import { describeEventStreamConformance } from '../event-stream-conformance.js';
import { InMemoryCheckpointStore } from '../fake-checkpoint-store.js';
import { FakeEventHub } from '../fake-event-hubs.js';
import { FakeEventHubConsumerClient } from '../fake-event-hubs-consumer.js';
import { FakeEventHubProducerClient } from '../fake-event-hubs-producer.js';
import {
  afterBaseline,
  CrashableCheckpointStore,
  eventHubsHarness,
  type HubAccess,
} from './event-hubs-harness.js';

const hub = new FakeEventHub({ partitionCount: 4, maxMessageSizeInBytes: 4_096 });

const fakeHub: HubAccess = {
  producer: () => new FakeEventHubProducerClient(hub),
  consumer: (group, store, loadBalancingOptions) =>
    new FakeEventHubConsumerClient(hub, group, store, { loadBalancingOptions }),
  baseline: async () => {
    const ids = await new FakeEventHubProducerClient(hub).getPartitionIds();
    // The fake numbers each partition's events from 0, as Event Hubs does.
    return Object.fromEntries(ids.map((id) => [id, hub.events(id).length - 1]));
  },
  freshStore: async () => ({ store: new InMemoryCheckpointStore(), remove: async () => {} }),
  close: async () => {},
};

describeEventStreamConformance(
  'Event Hubs emulator harness, over fakes that keep every event',
  () =>
    eventHubsHarness(fakeHub, {
      ownershipExpiryMs: 300,
      updateIntervalMs: 20,
      retryBackoffMs: 100,
    }),
);

describe('the harness shims', () => {
  it('holds events from earlier tests in the shared hub (what the shift is for)', async () => {
    await new FakeEventHubProducerClient(hub).sendBatch([{ body: 'x' }], { partitionKey: 'k' });
    const total = ['0', '1', '2', '3'].reduce((n, id) => n + hub.events(id).length, 0);
    expect(total).toBeGreaterThan(1);
  });

  it('shifts earliest to after the baseline, per partition, and keeps latest', () => {
    expect(afterBaseline(earliestEventPosition, { '0': 4, '1': -1 })).toEqual({
      '0': { sequenceNumber: 4, isInclusive: false },
      '1': earliestEventPosition,
    });
    expect(afterBaseline(latestEventPosition, { '0': 4 })).toBe(latestEventPosition);
  });

  it('a crashed store claims nothing and refuses checkpoints, but still reads', async () => {
    const inner = new InMemoryCheckpointStore();
    const store = new CrashableCheckpointStore(inner);
    const ownership = {
      fullyQualifiedNamespace: 'ns',
      eventHubName: 'hub',
      consumerGroup: 'g',
      partitionId: '0',
      ownerId: 'a',
    };
    expect(await store.claimOwnership([ownership])).toHaveLength(1);
    store.crash();
    expect(await store.claimOwnership([{ ...ownership, ownerId: '' }])).toEqual([]);
    expect((await store.listOwnership('ns', 'hub', 'g')).map((o) => o.ownerId)).toEqual(['a']);
    await expect(
      store.updateCheckpoint({ ...ownership, offset: '1', sequenceNumber: 1 }),
    ).rejects.toThrow(/crashed/);
  });
});
