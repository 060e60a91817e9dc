import {
  EventHubConsumerClient,
  EventHubProducerClient,
  type LoadBalancingOptions,
  type TokenCredential,
} from '@azure/event-hubs';
import {
  BlobCheckpointStore,
  type ContainerClientLike,
} from '@azure/eventhubs-checkpointstore-blob';
import { FleetscoreError } from '../../../errors.js';
import { EventHubsStream, type EventHubsStreamOptions } from '../event-hubs-stream.js';
import { EventHubsPublisher, type EventHubsPublisherOptions } from './publisher.js';

export type EventHubsConnection =
  | { connectionString: string; fullyQualifiedNamespace?: never; credential?: never }
  | { connectionString?: never; fullyQualifiedNamespace: string; credential: TokenCredential };

export type EventHubsStreamConfig = EventHubsConnection &
  EventHubsStreamOptions & {
    eventHubName: string;
    /** The (existing) container holding ownership and checkpoint blobs. */
    checkpointContainerClient: ContainerClientLike;
    /**
     * Passed to every consumer client. SDK defaults: strategy `balanced`, updateIntervalInMs
     * 10,000, partitionOwnershipExpirationIntervalInMs 60,000 (how long a crashed consumer's
     * partitions wait before another takes them).
     */
    loadBalancingOptions?: LoadBalancingOptions;
  };

export type EventHubsPublisherConfig = EventHubsConnection &
  EventHubsPublisherOptions & { eventHubName: string };

/**
 * A producer client and nothing else (no consumer client, no checkpoint store, no storage):
 * what a publish-only process needs, with only the Data Sender role.
 */
export function createEventHubsPublisher(config: EventHubsPublisherConfig): EventHubsPublisher {
  return new EventHubsPublisher(producerClient(config), config);
}

function producerClient(config: EventHubsPublisherConfig): EventHubProducerClient {
  if (config.connectionString !== undefined) {
    return new EventHubProducerClient(config.connectionString, config.eventHubName);
  }
  const { fullyQualifiedNamespace, credential } = requireNamespace(config);
  return new EventHubProducerClient(fullyQualifiedNamespace, config.eventHubName, credential);
}

function requireNamespace(config: EventHubsConnection) {
  const { fullyQualifiedNamespace, credential } = config;
  if (!fullyQualifiedNamespace || !credential) {
    throw new FleetscoreError(
      'CONFIG_INVALID',
      'Event Hubs needs a connection string, or a namespace and a credential',
    );
  }
  return { fullyQualifiedNamespace, credential };
}

/** Builds the SDK clients from plain settings; the composition root supplies the values. */
export function createEventHubsStream(config: EventHubsStreamConfig): EventHubsStream {
  const { eventHubName, loadBalancingOptions } = config;
  const store = new BlobCheckpointStore(config.checkpointContainerClient);
  if (config.connectionString !== undefined) {
    const connection = config.connectionString;
    return new EventHubsStream(
      producerClient(config),
      (group) =>
        new EventHubConsumerClient(group, connection, eventHubName, store, {
          loadBalancingOptions,
        }),
      config,
    );
  }
  const { fullyQualifiedNamespace, credential } = requireNamespace(config);
  return new EventHubsStream(
    producerClient(config),
    (group) =>
      new EventHubConsumerClient(group, fullyQualifiedNamespace, eventHubName, credential, store, {
        loadBalancingOptions,
      }),
    config,
  );
}
