import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { BlobServiceClient } from '@azure/storage-blob';
import type { EventStream } from '../../ports/event-stream.js';
import { describeEventStreamConformance } from '../../testing/event-stream-conformance.js';
import { FakeEventHub } from '../../testing/fake-event-hubs.js';
import { FakeEventHubConsumerClient } from '../../testing/fake-event-hubs-consumer.js';
import { FakeEventHubProducerClient } from '../../testing/fake-event-hubs-producer.js';
import { testStack, uniqueName } from '../../testing/stack-env.js';
import { EventHubsStream } from './event-hubs-stream.js';

/**
 * The same suite with the real `BlobCheckpointStore` on Azurite in place of the in-memory one:
 * ownership claims with real ETags (412s) and checkpoints as blob metadata, as in production.
 * Blob times have 1 s resolution, so ownership expiry must stay well above a second.
 */
const EXPIRY_MS = 2_500;
const BACKOFF_MS = 100;

describeEventStreamConformance(
  'Event Hubs (fake hub, BlobCheckpointStore on Azurite)',
  async () => {
    const blobs = BlobServiceClient.fromConnectionString(testStack().storageConnectionString);
    const container = blobs.getContainerClient(uniqueName('ehcheckpoints'));
    await container.create();
    const store = new BlobCheckpointStore(container);
    const hub = new FakeEventHub({ partitionCount: 4 });
    const consumers = new Map<EventStream, FakeEventHubConsumerClient[]>();
    const open = () => {
      const opened: FakeEventHubConsumerClient[] = [];
      const stream = new EventHubsStream(
        new FakeEventHubProducerClient(hub),
        (group) => {
          const consumer = new FakeEventHubConsumerClient(hub, group, store, {
            loadBalancingOptions: {
              updateIntervalInMs: 100,
              partitionOwnershipExpirationIntervalInMs: EXPIRY_MS,
            },
          });
          opened.push(consumer);
          return consumer;
        },
        { retryBackoffMs: BACKOFF_MS },
      );
      consumers.set(stream, opened);
      return stream;
    };
    return {
      stream: open(),
      openPeer: async () => open(),
      crash: async (stream) => {
        for (const consumer of consumers.get(stream) ?? []) consumer.crash();
      },
      settleMs: EXPIRY_MS + 1_000,
      retryBackoffMs: BACKOFF_MS,
      cleanup: async () => {
        await Promise.allSettled([...consumers.keys()].map((stream) => stream.close()));
        await container.deleteIfExists();
      },
    };
  },
);
