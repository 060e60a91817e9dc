import { earliestEventPosition, latestEventPosition } from '@azure/event-hubs';
import type {
  EventHandlers,
  EventStream,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from '../../ports/event-stream.js';
import type { MessagingTarget } from '../../ports/messaging.js';
import { positiveInt } from '../options.js';
import { translateEventHubsError } from './event-hubs/errors.js';
import type { EventHubsProducer } from './event-hubs/publish.js';
import { EventHubsPublisher, type EventHubsPublisherOptions } from './event-hubs/publisher.js';
import { type EventHubsConsumer, EventHubsSubscription } from './event-hubs/subscription.js';

export type { EventHubsProducer } from './event-hubs/publish.js';
export type { EventHubsConsumer } from './event-hubs/subscription.js';

/**
 * Makes a consumer client for a consumer group, built with the checkpoint store (a
 * `BlobCheckpointStore`) that gives load balancing and checkpoints. Called once per
 * subscribe(); the subscription closes it.
 */
export type EventHubsConsumerFactory = (consumerGroup: string) => EventHubsConsumer;

export interface EventHubsStreamOptions extends EventHubsPublisherOptions {
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
}

/**
 * The event stream on Azure Event Hubs.
 *
 * - publish and probe: through an `EventHubsPublisher` (see there).
 * - subscribe: the SDK's all-partition subscribe with its checkpoint store, so partitions are
 *   balanced across subscribers and processes (the SDK may steal partitions to balance;
 *   duplicates around a rebalance are by design). Without a checkpoint a partition starts at
 *   `startPosition`, **earliest by default** (the SDK's default is latest).
 * - empty batches (the SDK's idle calls) are not delivered; handler failures are redelivered
 *   from the last checkpoint by this adapter (see `EventHubsSubscription`).
 */
export class EventHubsStream implements EventStream {
  private readonly subscriptions = new Set<EventHubsSubscription>();
  private readonly settings: Required<Omit<EventHubsStreamOptions, 'publishConcurrency'>>;
  private readonly publisher: EventHubsPublisher;
  readonly messaging: MessagingTarget;

  constructor(
    private readonly producer: EventHubsProducer,
    private readonly consumerFactory: EventHubsConsumerFactory,
    options: EventHubsStreamOptions = {},
  ) {
    this.publisher = new EventHubsPublisher(producer, options);
    this.messaging = this.publisher.messaging;
    this.settings = {
      retryBackoffMs: positiveInt('retryBackoffMs', options.retryBackoffMs ?? 1_000),
      maxRetryBackoffMs: positiveInt('maxRetryBackoffMs', options.maxRetryBackoffMs ?? 30_000),
      maxReplayEvents: positiveInt('maxReplayEvents', options.maxReplayEvents ?? 10_000),
    };
  }

  publish(events: readonly OutgoingEvent[], options?: { signal?: AbortSignal }): Promise<void> {
    return this.publisher.publish(events, options);
  }

  probe(options?: { signal?: AbortSignal }): Promise<void> {
    return this.publisher.probe(options);
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
    await this.publisher.close();
  }
}
