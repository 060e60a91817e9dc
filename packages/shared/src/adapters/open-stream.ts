import type { AzureConnection, BackendConfig, BaseConfig } from '../config/index.js';
import type { EventPublisher, EventStream } from '../ports/event-stream.js';
import { azureCredential } from './credential.js';

/**
 * The publishing half of the configured backend's event stream, for a process that only
 * publishes (ingest): a Redis connection locally; in Azure an Event Hubs producer client and
 * nothing else — no checkpoint container, no storage call, so ingest's identity needs the
 * Data Sender role on the hub and no storage role. `name` as for `openEventStream`.
 */
export async function openEventPublisher(
  config: BaseConfig,
  name: string,
): Promise<EventPublisher> {
  const { backend } = config;
  // Nothing subscribes on it, so the Redis stream holds its one command connection only.
  if (backend.kind === 'local') return redisEventStream(backend, name);
  const { createEventHubsPublisher } = await import('./azure/event-hubs/create.js');
  return createEventHubsPublisher(await eventHubsConnection(backend.eventHubs));
}

/** The local backend's Redis stream: `name`, unless FLEETSCORE_STREAM_NAME overrides it. */
async function redisEventStream(backend: BackendConfig & { kind: 'local' }, name: string) {
  const { RedisEventStream } = await import('./local/redis-event-stream.js');
  return new RedisEventStream(backend.redisUrl, {
    name: backend.streamName ?? name,
    partitionCount: backend.streamPartitions,
  });
}

/** The event hub's connection settings: a connection string, or the namespace with managed identity. */
async function eventHubsConnection(eventHubs: AzureConnection & { eventHubName: string }) {
  return {
    ...('connectionString' in eventHubs
      ? { connectionString: eventHubs.connectionString }
      : {
          fullyQualifiedNamespace: eventHubs.fullyQualifiedNamespace,
          credential: await azureCredential(),
        }),
    eventHubName: eventHubs.eventHubName,
  };
}

export interface OpenEventStreamOptions {
  /**
   * Events the Event Hubs adapter keeps per partition to redeliver after a handler throws
   * (`EventHubsStreamOptions.maxReplayEvents`); the consumer sizes it from its checkpoint lag
   * (the aggregator: `maxReplayEvents()` in its replay-buffer.ts). Redis redelivers from its
   * pending list and needs none. Default: the adapter's, 10,000.
   */
  maxReplayEvents?: number;
}

/**
 * The event stream of the configured backend: Redis Streams locally, Event Hubs (with blob
 * checkpoints in `{container}-checkpoints`) in Azure. `name` is the local stream's name unless
 * FLEETSCORE_STREAM_NAME overrides it (isolated test runs); in Azure the hub comes from the
 * configuration.
 */
export async function openEventStream(
  config: BaseConfig,
  name: string,
  options: OpenEventStreamOptions = {},
): Promise<EventStream> {
  const { backend } = config;
  if (backend.kind === 'local') return redisEventStream(backend, name);
  const [{ createEventHubsStream }, { createContainerClient }] = await Promise.all([
    import('./azure/event-hubs/create.js'),
    import('./azure/blob-client.js'),
  ]);
  const { storage } = config;
  const container = `${storage.container}-checkpoints`;
  const checkpoints = createContainerClient(
    'connectionString' in storage
      ? { connectionString: storage.connectionString, container }
      : { accountUrl: storage.accountUrl, credential: await azureCredential(), container },
  );
  await checkpoints.createIfNotExists();
  return createEventHubsStream({
    ...(await eventHubsConnection(backend.eventHubs)),
    checkpointContainerClient: checkpoints,
    ...(options.maxReplayEvents !== undefined && { maxReplayEvents: options.maxReplayEvents }),
  });
}
