import { earliestEventPosition, latestEventPosition } from '@azure/event-hubs';
import { positiveInt } from '../options.js';
import type {
  EventHandlers,
  EventStream,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from '../ports/event-stream.js';
import type { MessagingTarget } from '../ports/messaging.js';
import { translateEventHubsError } from './event-hubs/errors.js';
import { type EventHubsProducer, publishByKey } from './event-hubs/publish.js';
import { type EventHubsConsumer, EventHubsSubscription } from './event-hubs/subscription.js';

export type { EventHubsProducer } from './event-hubs/publish.js';
export type { EventHubsConsumer } from './event-hubs/subscription.js';

/**
 * Makes a consumer client for a consumer group, built with the checkpoint store (a
 * `BlobCheckpointStore`) that gives load balancing and checkpoints. Called once per
 * subscribe(); the subscription closes it.
 */
export type EventHubsConsumerFactory = (consumerGroup: string) => EventHubsConsumer;

export interface EventHubsStreamOptions {
  /**
   * Delay before a batch whose handler threw is redelivered (from the last checkpoint), ms;
   * doubles per consecutive failure. Default 1,000.
   */
  retryBackoffMs?: number;
  /** Cap on that delay, ms. Default 30,000. */
  maxRetryBackoffMs?: number;
  /**
   * Events kept per partition, since its last checkpoint, to redeliver after a handler throws.
   * A consumer that goes further without checkpointing and then fails is restarted by the SDK
   * from the checkpoint once its ownership expires (60 s by default). Default 10,000.
   */
  maxReplayEvents?: number;
  /** Partition keys published concurrently by one publish(). Default 8. */
  publishConcurrency?: number;
}

/**
 * The event stream on Azure Event Hubs.
 *
 * - publish: one batch per partition key (`createBatch({ partitionKey })`), split when full;
 *   bodies as JSON with content type application/json, properties as application properties.
 *   Each batch is atomic; a publish() of several keys is not, which the port allows. An event
 *   too large for any batch fails with `NonRetryableError`.
 * - subscribe: the SDK's all-partition subscribe with its checkpoint store, so partitions are
 *   balanced across subscribers and processes (the SDK may steal partitions to balance;
 *   duplicates around a rebalance are by design). Without a checkpoint a partition starts at
 *   `startPosition`, **earliest by default** (the SDK's default is latest).
 * - empty batches (the SDK's idle calls) are not delivered; handler failures are redelivered
 *   from the last checkpoint by this adapter (see `EventHubsSubscription`).
 */
export class EventHubsStream implements EventStream {
  private readonly subscriptions = new Set<EventHubsSubscription>();
  private readonly settings: Required<EventHubsStreamOptions>;
  readonly messaging: MessagingTarget;

  constructor(
    private readonly producer: EventHubsProducer,
    private readonly consumerFactory: EventHubsConsumerFactory,
    options: EventHubsStreamOptions = {},
  ) {
    this.messaging = {
      system: 'eventhubs',
      destination: producer.eventHubName,
      serverAddress: producer.fullyQualifiedNamespace,
    };
    this.settings = {
      retryBackoffMs: positiveInt('retryBackoffMs', options.retryBackoffMs ?? 1_000),
      maxRetryBackoffMs: positiveInt('maxRetryBackoffMs', options.maxRetryBackoffMs ?? 30_000),
      maxReplayEvents: positiveInt('maxReplayEvents', options.maxReplayEvents ?? 10_000),
      publishConcurrency: positiveInt('publishConcurrency', options.publishConcurrency ?? 8),
    };
  }

  async publish(
    events: readonly OutgoingEvent[],
    options?: { signal?: AbortSignal },
  ): Promise<void> {
    options?.signal?.throwIfAborted();
    try {
      await publishByKey(this.producer, events, this.settings.publishConcurrency, options?.signal);
    } catch (error) {
      throw translateEventHubsError(error, 'publish');
    }
  }

  async partitionIds(): Promise<string[]> {
    try {
      return await this.producer.getPartitionIds();
    } catch (error) {
      throw translateEventHubsError(error, 'listing partitions');
    }
  }

  subscribe(
    consumerGroup: string,
    handlers: EventHandlers,
    options: SubscribeOptions = {},
  ): Subscription {
    const maxBatchSize = positiveInt('maxBatchSize', options.maxBatchSize ?? 500);
    const maxWaitTimeMs = positiveInt('maxWaitTimeMs', options.maxWaitTimeMs ?? 1_000);
    const subscription = new EventHubsSubscription(
      this.consumerFactory(consumerGroup),
      handlers,
      { ...this.settings, maxBatchSize },
      {
        startPosition:
          options.startPosition === 'latest' ? latestEventPosition : earliestEventPosition,
        maxBatchSize,
        maxWaitTimeInSeconds: maxWaitTimeMs / 1000,
      },
    );
    this.subscriptions.add(subscription);
    return {
      close: () => subscription.close().finally(() => this.subscriptions.delete(subscription)),
    };
  }

  /** Closes every subscription (letting in-flight handlers finish), then the producer. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.producer.close();
  }
}
