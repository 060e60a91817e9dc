import {
  type CheckpointStore,
  CloseReason,
  type EventPosition,
  type PartitionContext,
  type ReceivedEventData,
  type SubscriptionEventHandlers,
} from '@azure/event-hubs';
import type { FakeEventHub } from './fake-event-hubs.js';
import { FakeReceiver } from './fake-event-hubs-receiver.js';

export interface PumpOptions {
  maxBatchSize: number;
  maxWaitTimeInSeconds: number;
  skipParsingBodyAsJson: boolean;
}

/** The SDK's PartitionPump (partitionPump.js) over a fake receiver. */
export class FakePartitionPump {
  isReceiving = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private receiver: FakeReceiver | undefined;

  constructor(
    private readonly hub: FakeEventHub,
    private readonly context: PartitionContext,
    private readonly handlers: SubscriptionEventHandlers,
    private readonly startPosition: EventPosition,
    private readonly options: PumpOptions,
  ) {}

  async start(): Promise<void> {
    this.isReceiving = true;
    try {
      await this.handlers.processInitialize?.(this.context);
    } catch (error) {
      void this.reportError(error);
    }
    void this.receiveEvents();
  }

  /** Stops receiving and calls processClose; in-flight processEvents is not awaited (as in the SDK). */
  async stop(reason: CloseReason): Promise<void> {
    if (this.stopped) return;
    this.kill();
    await this.handlers.processClose?.(reason, this.context);
  }

  /** The process died: the link drops, nothing else happens. */
  kill(): void {
    this.stopped = true;
    this.isReceiving = false;
    this.abort.abort();
    this.receiver?.close();
  }

  private async receiveEvents(): Promise<void> {
    const { maxBatchSize, maxWaitTimeInSeconds, skipParsingBodyAsJson } = this.options;
    const { consumerGroup, partitionId } = this.context;
    this.receiver = new FakeReceiver(
      this.hub,
      consumerGroup,
      partitionId,
      this.startPosition,
      skipParsingBodyAsJson,
    );
    while (this.isReceiving) {
      try {
        const events = await this.receiver.receiveBatch(
          maxBatchSize,
          maxWaitTimeInSeconds,
          this.abort.signal,
        );
        if (!this.isReceiving) return;
        await this.handlers.processEvents(events, this.context);
      } catch (error) {
        if (!this.isReceiving) return;
        await this.reportError(error);
        const { retryable, code } = (error ?? {}) as { retryable?: boolean; code?: string };
        if (retryable !== true) {
          await this.stop(
            code === 'ReceiverDisconnectedError' ? CloseReason.OwnershipLost : CloseReason.Shutdown,
          ).catch(() => {});
          return;
        }
      }
    }
  }

  private async reportError(error: unknown): Promise<void> {
    try {
      await this.handlers.processError(error as Error, this.context);
    } catch {
      // The SDK swallows what processError throws.
    }
  }
}

/** The SDK's PartitionProcessor: the context handlers get, checkpointing through the store. */
export function partitionContext(
  store: CheckpointStore,
  scope: { fullyQualifiedNamespace: string; eventHubName: string; consumerGroup: string },
  partitionId: string,
): PartitionContext {
  return {
    ...scope,
    partitionId,
    updateCheckpoint: (event: ReceivedEventData) =>
      store.updateCheckpoint({
        ...scope,
        partitionId,
        sequenceNumber: event.sequenceNumber,
        offset: event.offset,
      }),
  };
}
