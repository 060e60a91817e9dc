/**
 * The EventStream conformance harness for the Event Hubs adapter on SDK clients that talk to a
 * hub that is not fresh: the emulator declares its hubs and consumer groups at start and keeps
 * their events for the whole run. Two SDK-surface shims give each test the "nothing published
 * yet, no checkpoint" the suite assumes, and a crash without a process to kill:
 *
 * - a fresh checkpoint store per harness (no checkpoint, no ownership for any group), and
 *   `earliest` shifted to just after what the hub held when the harness opened (`afterBaseline`);
 * - a crash silences the crashed client's checkpoint store (no claim, no checkpoint — so the
 *   ownership it held is not released) and closes its consumer clients (no more deliveries):
 *   its partitions move only once their ownership expires, as after a real crash.
 *
 * The adapter under test (EventHubsStream, its subscription and the SDK's load balancing) is
 * unchanged. The same harness runs over the SDK-surface fakes in a unit test, which proves the
 * shims against the suite here; the emulators project runs it on the real SDK.
 */
import {
  type CheckpointStore,
  type EventPosition,
  earliestEventPosition,
  type LoadBalancingOptions,
  type SubscribeOptions,
  type SubscriptionEventHandlers,
} from '@azure/event-hubs';
import {
  type EventHubsConsumer,
  type EventHubsProducer,
  EventHubsStream,
} from '../../adapters/azure/event-hubs-stream.js';
import type { EventStream } from '../../ports/event-stream.js';
import type { EventStreamHarness } from '../event-stream-conformance.js';

/** Sequence number of the last event of each partition (-1: empty) when the harness opened. */
export type Baseline = Record<string, number>;

/** `earliest` as "just after the baseline" of each partition; any other start is kept. */
export function afterBaseline(
  start: SubscribeOptions['startPosition'],
  baseline: Baseline,
): SubscribeOptions['startPosition'] {
  if (JSON.stringify(start) !== JSON.stringify(earliestEventPosition)) return start;
  const positions: Record<string, EventPosition> = {};
  for (const [partitionId, last] of Object.entries(baseline)) {
    positions[partitionId] =
      last < 0 ? earliestEventPosition : { sequenceNumber: last, isInclusive: false };
  }
  return positions;
}

/** A checkpoint store a crash silences: claims are lost, checkpoints refused, reads go on. */
export class CrashableCheckpointStore implements CheckpointStore {
  #crashed = false;

  constructor(private readonly inner: CheckpointStore) {}

  crash(): void {
    this.#crashed = true;
  }

  listOwnership(...args: Parameters<CheckpointStore['listOwnership']>) {
    return this.inner.listOwnership(...args);
  }

  async claimOwnership(...args: Parameters<CheckpointStore['claimOwnership']>) {
    return this.#crashed ? [] : this.inner.claimOwnership(...args);
  }

  listCheckpoints(...args: Parameters<CheckpointStore['listCheckpoints']>) {
    return this.inner.listCheckpoints(...args);
  }

  async updateCheckpoint(...args: Parameters<CheckpointStore['updateCheckpoint']>) {
    if (this.#crashed) throw new Error('the process crashed: no checkpoint is written');
    return this.inner.updateCheckpoint(...args);
  }
}

/** What the harness needs of a hub: real SDK clients, or the fakes. */
export interface HubAccess {
  producer(): EventHubsProducer;
  consumer(
    group: string,
    store: CheckpointStore,
    balancing: LoadBalancingOptions,
  ): EventHubsConsumer;
  /** The last sequence number of each partition, now. */
  baseline(): Promise<Baseline>;
  /** A checkpoint store no one used before, and how to remove it. */
  freshStore(): Promise<{ store: CheckpointStore; remove(): Promise<void> }>;
  /** Closes what `baseline` opened. */
  close(): Promise<void>;
}

export interface HubTiming {
  /** How long a crashed owner's partitions wait before another takes them, ms. */
  ownershipExpiryMs: number;
  /** The SDK's load-balancing cycle, ms. */
  updateIntervalMs: number;
  retryBackoffMs: number;
}

export async function eventHubsHarness(
  hub: HubAccess,
  timing: HubTiming,
): Promise<EventStreamHarness> {
  const [baseline, { store, remove }] = await Promise.all([hub.baseline(), hub.freshStore()]);
  const balancing: LoadBalancingOptions = {
    updateIntervalInMs: timing.updateIntervalMs,
    partitionOwnershipExpirationIntervalInMs: timing.ownershipExpiryMs,
  };
  const opened = new Map<
    EventStream,
    { gate: CrashableCheckpointStore; consumers: EventHubsConsumer[] }
  >();

  const open = (): EventStream => {
    const gate = new CrashableCheckpointStore(store);
    const consumers: EventHubsConsumer[] = [];
    const stream = new EventHubsStream(
      hub.producer(),
      (group) => {
        const consumer = hub.consumer(group, gate, balancing);
        consumers.push(consumer);
        return shiftedStart(consumer, baseline);
      },
      { retryBackoffMs: timing.retryBackoffMs, maxRetryBackoffMs: 4 * timing.retryBackoffMs },
    );
    opened.set(stream, { gate, consumers });
    return stream;
  };

  return {
    stream: open(),
    openPeer: async () => open(),
    crash: async (stream) => {
      const state = opened.get(stream);
      if (!state) throw new Error('crash: not a stream of this harness');
      state.gate.crash();
      await Promise.allSettled(state.consumers.map((consumer) => consumer.close()));
    },
    settleMs: timing.ownershipExpiryMs + 2 * timing.updateIntervalMs,
    retryBackoffMs: timing.retryBackoffMs,
    cleanup: async () => {
      await Promise.allSettled([...opened.keys()].map((stream) => stream.close()));
      await Promise.allSettled([remove(), hub.close()]);
    },
  };
}

/** The consumer with `earliest` meaning "after the baseline" (see the module comment). */
function shiftedStart(consumer: EventHubsConsumer, baseline: Baseline): EventHubsConsumer {
  const subscribe = (handlers: SubscriptionEventHandlers, options?: SubscribeOptions) =>
    consumer.subscribe(handlers, {
      ...options,
      startPosition: afterBaseline(options?.startPosition, baseline),
    });
  return { subscribe: subscribe as EventHubsConsumer['subscribe'], close: () => consumer.close() };
}
