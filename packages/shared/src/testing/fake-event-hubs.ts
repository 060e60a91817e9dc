import { createHash } from 'node:crypto';
import { type EventPosition, MessagingError } from '@azure/event-hubs';

/** One event as the fake hub keeps it: the encoded body (an AMQP data section) and metadata. */
export interface FakeStoredEvent {
  data: Buffer;
  properties: Record<string, unknown> | undefined;
  contentType: string | undefined;
  partitionKey: string | null;
  sequenceNumber: number;
  offset: string;
  enqueuedTimeUtc: Date;
}

export interface FakeEventHubOptions {
  /** Default 4. */
  partitionCount?: number;
  /** The sender link's maximum message (batch) size, bytes. Default 1,048,576 (Standard tier). */
  maxMessageSizeInBytes?: number;
  /** Default `fake.servicebus.windows.net`. */
  fullyQualifiedNamespace?: string;
  /** Default `fake-hub`. */
  eventHubName?: string;
}

/** What a fake receiver link must offer the hub for epoch (ownerLevel) semantics. */
export interface FakeReceiverLink {
  disconnect(error: MessagingError): void;
}

type Operation = 'createBatch' | 'sendBatch' | 'getPartitionIds' | 'receive';

/**
 * The service side of the fake: partitions as append-only logs with sequence numbers from 0
 * and byte offsets, partition keys hashed to partitions, and one exclusive (epoch) receiver per
 * consumer group and partition — a newer one disconnects the older with
 * ReceiverDisconnectedError, as the service does for ownerLevel 0 receivers.
 */
export class FakeEventHub {
  readonly fullyQualifiedNamespace: string;
  readonly eventHubName: string;
  readonly partitionIds: readonly string[];
  readonly maxMessageSizeInBytes: number;
  private readonly logs = new Map<string, FakeStoredEvent[]>();
  private readonly bytes = new Map<string, number>();
  private readonly appended = new Map<string, Set<() => void>>();
  private readonly links = new Map<string, FakeReceiverLink>();
  private readonly failures = new Map<Operation, Error[]>();
  private roundRobin = 0;

  constructor(options: FakeEventHubOptions = {}) {
    this.fullyQualifiedNamespace = options.fullyQualifiedNamespace ?? 'fake.servicebus.windows.net';
    this.eventHubName = options.eventHubName ?? 'fake-hub';
    this.maxMessageSizeInBytes = options.maxMessageSizeInBytes ?? 1_048_576;
    this.partitionIds = Array.from({ length: options.partitionCount ?? 4 }, (_, i) => String(i));
    for (const id of this.partitionIds) this.logs.set(id, []);
  }

  /** Makes the next `operation` reject with `error` (once per call of this method). */
  failNext(operation: Operation, error: Error): void {
    this.failures.set(operation, [...(this.failures.get(operation) ?? []), error]);
  }

  /** Throws the injected failure for `operation`, if any. */
  checkFailure(operation: Operation): void {
    const error = this.failures.get(operation)?.shift();
    if (error) throw error;
  }

  /** The partition the service picks for a key (any stable hash is faithful enough). */
  partitionForKey(partitionKey: string): string {
    const hash = createHash('sha256').update(partitionKey, 'utf8').digest().readUInt32BE(0);
    return this.partitionIds[hash % this.partitionIds.length]!;
  }

  /** Appends a batch atomically, as the service accepts or rejects a batch whole. */
  append(
    partitionId: string | undefined,
    partitionKey: string | undefined,
    events: readonly EncodedEventData[],
  ) {
    const target =
      partitionId ??
      (partitionKey === undefined
        ? this.partitionIds[this.roundRobin++ % this.partitionIds.length]!
        : this.partitionForKey(partitionKey));
    const log = this.log(target);
    let offset = this.bytes.get(target) ?? 0;
    for (const event of events) {
      log.push({
        ...event,
        partitionKey: partitionKey ?? null,
        sequenceNumber: log.length,
        offset: String(offset),
        enqueuedTimeUtc: new Date(),
      });
      offset += event.size;
    }
    this.bytes.set(target, offset);
    for (const wake of this.appended.get(target) ?? []) wake();
  }

  /** A copy of a partition's events, for assertions. */
  events(partitionId: string): FakeStoredEvent[] {
    return [...this.log(partitionId)];
  }

  /** The index of the first event at or after `position` (the service's filter). */
  resolve(partitionId: string, position: EventPosition): number {
    const log = this.log(partitionId);
    if (position.offset === '@latest') return log.length;
    const inclusive = position.isInclusive === true;
    const after = (found: number) => (found === -1 ? log.length : found);
    if (position.offset !== undefined) {
      const offset = Number(position.offset);
      return after(
        log.findIndex((e) => (inclusive ? Number(e.offset) >= offset : Number(e.offset) > offset)),
      );
    }
    if (position.sequenceNumber !== undefined) {
      const seq = position.sequenceNumber;
      return after(
        log.findIndex((e) => (inclusive ? e.sequenceNumber >= seq : e.sequenceNumber > seq)),
      );
    }
    if (position.enqueuedOn !== undefined) {
      const at = new Date(position.enqueuedOn).getTime();
      return after(log.findIndex((e) => e.enqueuedTimeUtc.getTime() > at));
    }
    throw new TypeError(`unsupported event position ${JSON.stringify(position)}`);
  }

  /** Resolves on the next append to the partition, or when `signal` aborts. */
  nextAppend(partitionId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.appended.get(partitionId) ?? new Set();
      this.appended.set(partitionId, waiters);
      const done = () => {
        waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Opens an exclusive receiver, disconnecting the current one of the group and partition. */
  attach(consumerGroup: string, partitionId: string, link: FakeReceiverLink): void {
    const key = `${consumerGroup.toLowerCase()}/${partitionId}`;
    const previous = this.links.get(key);
    this.links.set(key, link);
    if (previous && previous !== link) {
      const error = new MessagingError(
        `New receiver with higher epoch of '0' is created hence current receiver with epoch '0' is getting disconnected.`,
      );
      error.code = 'ReceiverDisconnectedError';
      error.retryable = false;
      previous.disconnect(error);
    }
  }

  detach(consumerGroup: string, partitionId: string, link: FakeReceiverLink): void {
    const key = `${consumerGroup.toLowerCase()}/${partitionId}`;
    if (this.links.get(key) === link) this.links.delete(key);
  }

  private log(partitionId: string): FakeStoredEvent[] {
    const log = this.logs.get(partitionId);
    if (!log) throw new MessagingError(`The partition '${partitionId}' does not exist.`);
    return log;
  }
}

/** An event encoded for the wire, with its (approximate) AMQP size in bytes. */
export interface EncodedEventData {
  data: Buffer;
  properties: Record<string, unknown> | undefined;
  contentType: string | undefined;
  size: number;
}
