import type { EventPublisher, OutgoingEvent } from '../../../ports/event-stream.js';
import type { MessagingTarget } from '../../../ports/messaging.js';
import { positiveInt } from '../../options.js';
import { translateEventHubsError } from './errors.js';
import { type EventHubsProducer, publishByKey } from './publish.js';

export interface EventHubsPublisherOptions {
  /** Partition keys published concurrently by one publish(). Default 8. */
  publishConcurrency?: number;
}

/**
 * Publishing on Azure Event Hubs with a producer client and nothing else: no consumer client,
 * no checkpoint store, so the identity needs only the Data Sender role on the hub and no
 * storage at all (ingest). `EventHubsStream` publishes through one of these too.
 *
 * - publish: one batch per partition key (`createBatch({ partitionKey })`), split when full;
 *   bodies as JSON with content type application/json, properties as application properties.
 *   Each batch is atomic; a publish() of several keys is not, which the port allows. An event
 *   too large for any batch fails with `NonRetryableError`.
 * - probe: `createBatch()` — the SDK opens the sender link first (Send claim only), or finds it
 *   open; nothing is sent. The hub's properties (`getPartitionIds`) are not asked for: that is a
 *   `$management` request, and a right the Data Sender role is not documented to give.
 */
export class EventHubsPublisher implements EventPublisher {
  private readonly concurrency: number;
  readonly messaging: MessagingTarget;

  constructor(
    readonly producer: EventHubsProducer,
    options: EventHubsPublisherOptions = {},
  ) {
    this.concurrency = positiveInt('publishConcurrency', options.publishConcurrency ?? 8);
    this.messaging = {
      system: 'eventhubs',
      destination: producer.eventHubName,
      serverAddress: producer.fullyQualifiedNamespace,
    };
  }

  async publish(
    events: readonly OutgoingEvent[],
    options?: { signal?: AbortSignal },
  ): Promise<void> {
    options?.signal?.throwIfAborted();
    try {
      await publishByKey(this.producer, events, this.concurrency, options?.signal);
    } catch (error) {
      throw translateEventHubsError(error, 'publish');
    }
  }

  async probe(options?: { signal?: AbortSignal }): Promise<void> {
    try {
      await this.producer.createBatch({ abortSignal: options?.signal });
    } catch (error) {
      throw translateEventHubsError(error, 'opening the sender link');
    }
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
