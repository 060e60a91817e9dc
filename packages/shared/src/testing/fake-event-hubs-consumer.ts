import { randomUUID } from 'node:crypto';
import type {
  CheckpointStore,
  EventHubConsumerClient,
  LoadBalancingOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionEventHandlers,
} from '@azure/event-hubs';
import type { FakeEventHub } from './fake-event-hubs.js';
import { FakeEventProcessor } from './fake-event-hubs-processor.js';

export interface FakeEventHubConsumerOptions {
  /** As the SDK's: default strategy balanced, updateIntervalInMs 10,000, expiry 60,000. */
  loadBalancingOptions?: LoadBalancingOptions;
  /** The owner id written to ownership records. Default a random UUID. */
  identifier?: string;
}

/**
 * `EventHubConsumerClient` with a checkpoint store, over a `FakeEventHub`: subscribe() runs the
 * SDK's EventProcessor loop — every updateIntervalInMs, list ownerships, compute claims with
 * the SDK's strategy, claim through the store (ETag-conditional), renew the partitions it is
 * receiving, start a pump at the checkpoint (exclusive) or at startPosition (SDK default
 * latest); close() stops the pumps (processClose 'Shutdown') and abandons its ownerships.
 * Only the all-partitions subscribe is supported.
 */
export class FakeEventHubConsumerClient
  implements Pick<EventHubConsumerClient, 'subscribe' | 'close' | 'getPartitionIds'>
{
  readonly identifier: string;
  private readonly processors = new Set<FakeEventProcessor>();

  constructor(
    private readonly hub: FakeEventHub,
    private readonly consumerGroup: string,
    private readonly checkpointStore: CheckpointStore,
    private readonly options: FakeEventHubConsumerOptions = {},
  ) {
    this.identifier = options.identifier ?? randomUUID();
  }

  subscribe(handlers: SubscriptionEventHandlers, options?: SubscribeOptions): Subscription;
  subscribe(
    partitionId: string,
    handlers: SubscriptionEventHandlers,
    options?: SubscribeOptions,
  ): Subscription;
  subscribe(target: SubscriptionEventHandlers | string, options?: unknown): Subscription {
    if (typeof target === 'string') {
      throw new Error('the fake supports only all-partition subscriptions');
    }
    if (this.processors.size > 0) {
      throw new Error("Partition already has a subscriber. (the SDK's partition gate)");
    }
    const balancing = this.options.loadBalancingOptions ?? {};
    const processor = new FakeEventProcessor(
      this.hub,
      this.consumerGroup,
      this.identifier,
      this.checkpointStore,
      target,
      {
        ...((options ?? {}) as SubscribeOptions),
        strategy: balancing.strategy ?? 'balanced',
        updateIntervalInMs: balancing.updateIntervalInMs ?? 10_000,
        expirationMs: balancing.partitionOwnershipExpirationIntervalInMs ?? 60_000,
      },
    );
    this.processors.add(processor);
    processor.start();
    return {
      get isRunning() {
        return processor.running;
      },
      close: async () => {
        this.processors.delete(processor);
        await processor.stop();
      },
    };
  }

  async getPartitionIds(): Promise<string[]> {
    this.hub.checkFailure('getPartitionIds');
    return [...this.hub.partitionIds];
  }

  async close(): Promise<void> {
    await Promise.all([...this.processors].map((processor) => processor.stop()));
    this.processors.clear();
  }

  /** Test hook: the process dies. No handler is called again; ownerships stay until they expire. */
  crash(): void {
    for (const processor of this.processors) processor.kill();
    this.processors.clear();
  }
}
