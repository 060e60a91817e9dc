import {
  type CheckpointStore,
  CloseReason,
  type EventPosition,
  latestEventPosition,
  type PartitionOwnership,
  type SubscribeOptions,
  type SubscriptionEventHandlers,
} from '@azure/event-hubs';
import { pause } from '../runtime/pause.js';
import type { FakeEventHub } from './fake-event-hubs.js';
import { partitionsToClaim } from './fake-event-hubs-balancing.js';
import { FakePartitionPump, partitionContext } from './fake-event-hubs-pump.js';

export interface ProcessorOptions extends SubscribeOptions {
  strategy: 'balanced' | 'greedy';
  updateIntervalInMs: number;
  expirationMs: number;
}

/** The SDK's EventProcessor (eventProcessor.js) with a load-balancing loop, over a fake hub. */
export class FakeEventProcessor {
  running = false;
  private readonly pumps = new Map<string, FakePartitionPump>();
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private readonly scope: {
    fullyQualifiedNamespace: string;
    eventHubName: string;
    consumerGroup: string;
  };

  constructor(
    private readonly hub: FakeEventHub,
    consumerGroup: string,
    private readonly ownerId: string,
    private readonly store: CheckpointStore,
    private readonly handlers: SubscriptionEventHandlers,
    private readonly options: ProcessorOptions,
  ) {
    this.scope = {
      fullyQualifiedNamespace: hub.fullyQualifiedNamespace,
      eventHubName: hub.eventHubName,
      consumerGroup,
    };
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    const pumps = [...this.pumps.values()];
    this.pumps.clear();
    await Promise.all(pumps.map((pump) => pump.stop(CloseReason.Shutdown).catch(() => {})));
    await this.loop;
    const { fullyQualifiedNamespace, eventHubName, consumerGroup } = this.scope;
    const ours = (
      await this.store.listOwnership(fullyQualifiedNamespace, eventHubName, consumerGroup)
    ).filter((ownership) => ownership.ownerId === this.ownerId);
    await this.store.claimOwnership(ours.map((ownership) => ({ ...ownership, ownerId: '' })));
  }

  kill(): void {
    this.abort.abort();
    for (const pump of this.pumps.values()) pump.kill();
    this.pumps.clear();
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await this.balance(signal);
      } catch (error) {
        await this.reportError(error);
      }
      const wait = Math.max(this.options.updateIntervalInMs - (Date.now() - started), 0);
      await pause(wait, signal);
    }
    this.running = false;
  }

  private async balance(signal: AbortSignal): Promise<void> {
    this.hub.checkFailure('getPartitionIds');
    const { fullyQualifiedNamespace, eventHubName, consumerGroup } = this.scope;
    const ownerships = await this.store.listOwnership(
      fullyQualifiedNamespace,
      eventHubName,
      consumerGroup,
    );
    const all = new Map<string, PartitionOwnership>();
    const live = new Map<string, PartitionOwnership>();
    const renew: string[] = [];
    for (const ownership of ownerships) {
      all.set(ownership.partitionId, ownership);
      if (ownership.ownerId !== '') live.set(ownership.partitionId, ownership);
      if (
        ownership.ownerId === this.ownerId &&
        this.pumps.get(ownership.partitionId)?.isReceiving
      ) {
        renew.push(ownership.partitionId);
      }
    }
    const { strategy, expirationMs } = this.options;
    const claims = new Set([
      ...partitionsToClaim(this.ownerId, live, this.hub.partitionIds, expirationMs, strategy),
      ...renew,
    ]);
    for (const partitionId of claims) {
      if (signal.aborted) return;
      const request = {
        ...this.scope,
        partitionId,
        ownerId: this.ownerId,
        etag: all.get(partitionId)?.etag,
      };
      try {
        if ((await this.store.claimOwnership([request])).length === 0) continue;
        await this.startPump(partitionId, signal);
      } catch (error) {
        await this.reportError(error);
      }
    }
  }

  private async startPump(partitionId: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.pumps.get(partitionId)?.isReceiving) return;
    const { fullyQualifiedNamespace, eventHubName, consumerGroup } = this.scope;
    const checkpoint = (
      await this.store.listCheckpoints(fullyQualifiedNamespace, eventHubName, consumerGroup)
    ).find((c) => c.partitionId === partitionId);
    const position = checkpoint ? { offset: checkpoint.offset } : this.startPositionOf(partitionId);
    if (signal.aborted) return;
    await this.pumps.get(partitionId)?.stop(CloseReason.OwnershipLost);
    const pump = new FakePartitionPump(
      this.hub,
      partitionContext(this.store, this.scope, partitionId),
      this.handlers,
      position,
      {
        maxBatchSize: this.options.maxBatchSize ?? 1,
        maxWaitTimeInSeconds: this.options.maxWaitTimeInSeconds ?? 60,
        skipParsingBodyAsJson: this.options.skipParsingBodyAsJson ?? false,
      },
    );
    this.pumps.set(partitionId, pump);
    await pump.start();
  }

  private startPositionOf(partitionId: string): EventPosition {
    const start = this.options.startPosition;
    if (start === undefined) return latestEventPosition;
    const isPosition = ['offset', 'sequenceNumber', 'enqueuedOn'].some((field) => field in start);
    if (isPosition) return start as EventPosition;
    return (start as Record<string, EventPosition>)[partitionId] ?? latestEventPosition;
  }

  private async reportError(error: unknown): Promise<void> {
    try {
      await this.handlers.processError(error as Error, {
        ...this.scope,
        partitionId: '',
        updateCheckpoint: async () => {},
      });
    } catch {
      // Swallowed, as the SDK does.
    }
  }
}
