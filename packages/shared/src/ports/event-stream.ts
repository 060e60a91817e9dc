import type { MessagingTarget } from './messaging.js';

/**
 * The publishing half of the event stream: all a producer (ingest) needs, and all it may hold
 * the rights for. Opening one touches no consumer group and no checkpoint store — on Event Hubs
 * it is a producer client alone (the Data Sender role), nothing on storage.
 */
export interface EventPublisher {
  /** What producer and consumer spans name as the destination (adapters set it). */
  readonly messaging?: MessagingTarget;
  /**
   * Publishes events; resolves once the stream has durably accepted all of them. On rejection
   * nothing is guaranteed about which partitions accepted their share: the caller retries the
   * whole batch and consumers de-duplicate (events carry the caller's ids in the body).
   */
  publish(events: readonly OutgoingEvent[], options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Readiness: checks that the stream takes this publisher's events, with no right beyond
   * publishing (Event Hubs: the sender link, opened again if it dropped; Redis: a PING).
   * Sends nothing.
   */
  probe(options?: { signal?: AbortSignal }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A partitioned, replayable event log (the Event Hubs role; Redis Streams locally).
 * Delivery is at-least-once: a consumer that crashes between handling events and
 * checkpointing them sees them again. Order is kept within a partition, and every event with
 * the same partition key lands in the same partition.
 */
export interface EventStream extends EventPublisher {
  /** The partition ids, stable for the life of the stream. */
  partitionIds(): Promise<string[]>;
  /**
   * Joins `consumerGroup` and starts delivering. With several subscribers in one group (in any
   * number of processes), partitions are balanced between them: each partition has at most one
   * owner at a time, and a crashed owner's partitions are taken over after its lease expires.
   */
  subscribe(
    consumerGroup: string,
    handlers: EventHandlers,
    options?: SubscribeOptions,
  ): Subscription;
}

export interface OutgoingEvent {
  partitionKey: string;
  /** Serialised as JSON. */
  body: unknown;
  /** Small string properties (trace context, content type). */
  properties?: Record<string, string>;
}

export interface ReceivedEvent {
  partitionId: string;
  /** Opaque position within the partition, increasing; what a checkpoint stores. */
  offset: string;
  /** Increasing per partition. */
  sequenceNumber: number;
  enqueuedTime: Date;
  partitionKey: string | undefined;
  body: unknown;
  properties: Record<string, string>;
}

export interface PartitionContext {
  readonly consumerGroup: string;
  readonly partitionId: string;
  /** Records that every event up to and including `event` of this partition is handled. */
  updateCheckpoint(event: ReceivedEvent): Promise<void>;
}

export interface EventHandlers {
  /** A batch of one partition, in order. Throwing redelivers from the last checkpoint. */
  processEvents(events: ReceivedEvent[], context: PartitionContext): Promise<void>;
  processError?(error: unknown, context: PartitionContext | undefined): Promise<void>;
  /** This subscriber now owns the partition. */
  processInitialize?(context: PartitionContext): Promise<void>;
  /** This subscriber no longer owns the partition (closed or lost it). */
  processClose?(reason: 'shutdown' | 'ownershipLost', context: PartitionContext): Promise<void>;
}

export interface SubscribeOptions {
  /**
   * Where to start in a partition that has no checkpoint for this group. Default `earliest`
   * (unlike the Event Hubs JS SDK's `latest`): a new aggregator must not skip readings.
   */
  startPosition?: 'earliest' | 'latest';
  /** Default 500. */
  maxBatchSize?: number;
  /** How long to wait to fill a batch before delivering a smaller one, ms. Default 1000. */
  maxWaitTimeMs?: number;
}

export interface Subscription {
  /** Stops delivery, lets in-flight handlers finish, releases partition ownership. */
  close(): Promise<void>;
}
