import {
  CloseReason,
  type EventHubConsumerClient,
  type ReceivedEventData,
  type PartitionContext as SdkContext,
  type SubscribeOptions as SdkSubscribeOptions,
  type Subscription as SdkSubscription,
} from '@azure/event-hubs';
import type {
  EventHandlers,
  PartitionContext,
  ReceivedEvent,
  Subscription,
} from '../../../ports/event-stream.js';
import { backoffMs } from '../../../runtime/backoff.js';
import { pause } from '../../../runtime/pause.js';
import { translateEventHubsError } from './errors.js';
import { toReceivedEvent } from './received.js';

/** The consumer calls the adapter makes (an `EventHubConsumerClient`, or a fake of it). */
export type EventHubsConsumer = Pick<EventHubConsumerClient, 'subscribe' | 'close'>;

export interface RedeliverySettings {
  maxBatchSize: number;
  retryBackoffMs: number;
  maxRetryBackoffMs: number;
  maxReplayEvents: number;
}

/** One ownership of one partition (one SDK partition processor). */
interface Ownership {
  readonly context: PartitionContext;
  /** Delivered since the last checkpoint, oldest first: what a failed handler gets again. */
  uncheckpointed: ReceivedEvent[];
  /** Sequence number of the newest event dropped from a full buffer (-1: none). */
  droppedUpTo: number;
  checkpointed: number;
  failures: number;
  inFlight: Promise<void>;
  readonly ended: AbortController;
}

/**
 * A port subscription over the SDK's all-partition subscribe. The SDK stops a partition whose
 * processEvents throws and resumes it only when its ownership expires (60 s by default), so
 * handler failures are handled here: processError, a backoff, then the events since the last
 * checkpoint again, from a buffer kept per partition. Only if that buffer overflowed
 * (maxReplayEvents without a checkpoint) does the failure go to the SDK.
 */
export class EventHubsSubscription implements Subscription {
  private readonly ownerships = new Map<SdkContext, Ownership>();
  private readonly sdkEvents = new WeakMap<ReceivedEvent, ReceivedEventData>();
  private readonly reported = new WeakSet<object>();
  private readonly closing = new AbortController();
  private readonly sdk: SdkSubscription;
  private closed?: Promise<void>;

  constructor(
    private readonly consumer: EventHubsConsumer,
    private readonly handlers: EventHandlers,
    private readonly settings: RedeliverySettings,
    options: SdkSubscribeOptions,
  ) {
    this.sdk = consumer.subscribe(
      {
        processInitialize: async (sdk) => handlers.processInitialize?.(this.own(sdk).context),
        processEvents: (events, sdk) => this.processEvents(events, sdk),
        processError: (error, sdk) => this.processError(error, sdk),
        processClose: (reason, sdk) => this.processClose(reason, sdk),
      },
      options,
    );
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing.abort();
      for (const ownership of this.ownerships.values()) ownership.ended.abort();
      try {
        await this.sdk.close();
      } finally {
        await this.consumer.close();
        await Promise.all([...this.ownerships.values()].map((o) => o.inFlight));
      }
    })();
    return this.closed;
  }

  private own(sdk: SdkContext): Ownership {
    const existing = this.ownerships.get(sdk);
    if (existing) return existing;
    const ended = new AbortController();
    if (this.closing.signal.aborted) ended.abort();
    const ownership: Ownership = {
      context: {
        consumerGroup: sdk.consumerGroup,
        partitionId: sdk.partitionId,
        updateCheckpoint: (event) => this.checkpoint(ownership, sdk, event),
      },
      uncheckpointed: [],
      droppedUpTo: -1,
      checkpointed: -1,
      failures: 0,
      inFlight: Promise.resolve(),
      ended,
    };
    this.ownerships.set(sdk, ownership);
    return ownership;
  }

  private async processEvents(batch: ReceivedEventData[], sdk: SdkContext): Promise<void> {
    if (batch.length === 0) return; // the SDK's "nothing within maxWaitTime" call
    const ownership = this.own(sdk);
    const events = batch.map((data) => {
      const event = toReceivedEvent(sdk.partitionId, data);
      this.sdkEvents.set(event, data);
      return event;
    });
    const buffer = ownership.uncheckpointed;
    buffer.push(...events);
    const excess = buffer.length - this.settings.maxReplayEvents;
    if (excess > 0) ownership.droppedUpTo = buffer.splice(0, excess).at(-1)!.sequenceNumber;
    const delivery = this.deliver(ownership, events);
    ownership.inFlight = delivery.catch(() => {});
    await delivery;
  }

  private async deliver(ownership: Ownership, first: ReceivedEvent[]): Promise<void> {
    const { maxBatchSize, retryBackoffMs, maxRetryBackoffMs } = this.settings;
    const ended = ownership.ended.signal;
    let events = first;
    for (;;) {
      try {
        for (let i = 0; i < events.length && !ended.aborted; i += maxBatchSize) {
          await this.handlers.processEvents(events.slice(i, i + maxBatchSize), ownership.context);
        }
        ownership.failures = 0;
        return;
      } catch (error) {
        await this.report(error, ownership.context);
        if (ownership.droppedUpTo > ownership.checkpointed) {
          // The buffer no longer reaches back to the checkpoint: let the SDK restart the
          // partition from the checkpoint (after its ownership expires).
          if (typeof error === 'object' && error !== null) this.reported.add(error);
          throw error;
        }
        ownership.failures += 1;
        const delay = backoffMs(ownership.failures, {
          baseMs: retryBackoffMs,
          maxMs: maxRetryBackoffMs,
        });
        await pause(delay, ended);
        if (ended.aborted) return;
        events = [...ownership.uncheckpointed];
      }
    }
  }

  private async checkpoint(ownership: Ownership, sdk: SdkContext, event: ReceivedEvent) {
    if (event.partitionId !== sdk.partitionId) {
      throw new TypeError(
        `event of partition ${event.partitionId} checkpointed on ${sdk.partitionId}`,
      );
    }
    const data = this.sdkEvents.get(event);
    if (!data) throw new TypeError('updateCheckpoint takes an event this subscription delivered');
    // Checkpoints never move backwards (as with Redis acknowledgements).
    if (event.sequenceNumber <= ownership.checkpointed) return;
    try {
      await sdk.updateCheckpoint(data);
    } catch (error) {
      throw translateEventHubsError(error, 'checkpoint');
    }
    ownership.checkpointed = Math.max(ownership.checkpointed, event.sequenceNumber);
    ownership.uncheckpointed = ownership.uncheckpointed.filter(
      (e) => e.sequenceNumber > event.sequenceNumber,
    );
  }

  private async processError(error: unknown, sdk: SdkContext): Promise<void> {
    if (typeof error === 'object' && error !== null && this.reported.has(error)) return;
    // An empty partition id marks a load-balancing error, outside any partition.
    const context =
      sdk.partitionId === ''
        ? undefined
        : (this.ownerships.get(sdk)?.context ?? {
            consumerGroup: sdk.consumerGroup,
            partitionId: sdk.partitionId,
            updateCheckpoint: async () => {
              throw new Error(`partition ${sdk.partitionId} is not owned by this subscriber`);
            },
          });
    await this.report(translateEventHubsError(error, 'receive'), context);
  }

  private async processClose(reason: CloseReason, sdk: SdkContext): Promise<void> {
    const ownership = this.own(sdk);
    ownership.ended.abort();
    // The SDK does not wait for an in-flight processEvents; the port promises it.
    await ownership.inFlight;
    this.ownerships.delete(sdk);
    const portReason = reason === CloseReason.OwnershipLost ? 'ownershipLost' : 'shutdown';
    await this.handlers.processClose?.(portReason, ownership.context);
  }

  private async report(error: unknown, context: PartitionContext | undefined): Promise<void> {
    try {
      await this.handlers.processError?.(error, context);
    } catch {
      // A failing processError has nowhere better to report to.
    }
  }
}
