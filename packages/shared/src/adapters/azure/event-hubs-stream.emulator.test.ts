// The EventStream conformance suite against the Event Hubs emulator, through the real SDK
// clients and a BlobCheckpointStore on Azurite. Emulators project only (vitest.emulators.config.ts):
// it runs where Docker runs the emulators (.github/workflows/emulators.yml, docs/testing.md).
import { EventHubConsumerClient, EventHubProducerClient } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { emulatorStack } from '../../testing/emulators/emulator-stack.js';
import { eventHubsHarness, type HubAccess } from '../../testing/emulators/event-hubs-harness.js';
import { describeEventStreamConformance } from '../../testing/event-stream-conformance.js';
import { uniqueName } from '../../testing/stack-env.js';
import { createContainerClient } from './blob-client.js';

const stack = emulatorStack();

function emulatorHub(): HubAccess {
  const { eventHubsConnectionString: connection, eventHubName: hub } = stack;
  const probe = new EventHubProducerClient(connection, hub);
  return {
    producer: () => new EventHubProducerClient(connection, hub),
    consumer: (group, store, loadBalancingOptions) =>
      new EventHubConsumerClient(group, connection, hub, store, { loadBalancingOptions }),
    baseline: async () => {
      const ids = await probe.getPartitionIds();
      const partitions = await Promise.all(ids.map((id) => probe.getPartitionProperties(id)));
      return Object.fromEntries(
        partitions.map((p) => [p.partitionId, p.isEmpty ? -1 : p.lastEnqueuedSequenceNumber]),
      );
    },
    freshStore: async () => {
      const container = createContainerClient({
        connectionString: stack.storageConnectionString,
        container: uniqueName('ehconformance'),
      });
      await container.create();
      return {
        store: new BlobCheckpointStore(container),
        remove: async () => void (await container.deleteIfExists()),
      };
    },
    close: () => probe.close(),
  };
}

// Ownership expiry short enough that a crashed owner's partitions move within the suite's
// patience (settleMs × 3 ≤ 30 s), long enough for the emulator's round trips.
describeEventStreamConformance('Event Hubs (emulator)', () =>
  eventHubsHarness(emulatorHub(), {
    ownershipExpiryMs: 4_000,
    updateIntervalMs: 500,
    retryBackoffMs: 200,
  }),
);
