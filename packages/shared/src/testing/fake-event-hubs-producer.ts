import {
  type CreateBatchOptions,
  type EventData,
  type EventDataBatch,
  type EventHubProducerClient,
  MessagingError,
  type OperationOptions,
  type SendBatchOptions,
} from '@azure/event-hubs';
import type { EncodedEventData, FakeEventHub } from './fake-event-hubs.js';

type BatchInput = Parameters<EventDataBatch['tryAdd']>[0];

/** Fixed AMQP framing per event and per batch envelope, bytes (an approximation). */
const EVENT_OVERHEAD = 32;
const BATCH_OVERHEAD = 24;

/**
 * Encodes like the SDK's default data transformer: Buffer/Uint8Array bodies go as they are,
 * anything else as UTF-8 JSON (undefined as null). AMQP annotated messages are not supported.
 */
export function encodeEventData(event: BatchInput, partitionKey?: string): EncodedEventData {
  if ('bodyType' in event && event.bodyType !== undefined) {
    throw new TypeError('the fake does not support AmqpAnnotatedMessage');
  }
  const { body, properties, contentType } = event as EventData;
  const data =
    body instanceof Uint8Array
      ? Buffer.from(body)
      : Buffer.from(JSON.stringify(body ?? null), 'utf8');
  const propertyBytes = Object.entries(properties ?? {}).reduce(
    (sum, [key, value]) =>
      sum + Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(value) ?? '') + 4,
    0,
  );
  const size =
    EVENT_OVERHEAD +
    data.length +
    propertyBytes +
    Buffer.byteLength(contentType ?? '') +
    Buffer.byteLength(partitionKey ?? '');
  return { data, properties: properties ? { ...properties } : undefined, contentType, size };
}

/** `EventDataBatch` with the SDK's rules: tryAdd refuses what would pass maxSizeInBytes. */
export class FakeEventDataBatch implements EventDataBatch {
  readonly partitionKey: string | undefined;
  readonly partitionId: string | undefined;
  readonly maxSizeInBytes: number;
  readonly hub: FakeEventHub;
  readonly encoded: EncodedEventData[] = [];
  private size = BATCH_OVERHEAD;

  constructor(
    hub: FakeEventHub,
    maxSizeInBytes: number,
    partitionKey?: string,
    partitionId?: string,
  ) {
    this.hub = hub;
    this.maxSizeInBytes = maxSizeInBytes;
    this.partitionKey = partitionKey;
    this.partitionId = partitionId;
  }

  get sizeInBytes(): number {
    return this.size;
  }

  get count(): number {
    return this.encoded.length;
  }

  tryAdd(event: BatchInput): boolean {
    const encoded = encodeEventData(event, this.partitionKey);
    if (this.size + encoded.size > this.maxSizeInBytes) return false;
    this.encoded.push(encoded);
    this.size += encoded.size;
    return true;
  }
}

/** The producer surface Fleetscore uses, over a `FakeEventHub`. */
export class FakeEventHubProducerClient
  implements Pick<EventHubProducerClient, 'createBatch' | 'sendBatch' | 'getPartitionIds' | 'close'>
{
  readonly hub: FakeEventHub;
  /** Every batch sent, for assertions. */
  readonly sent: { partitionKey: string | undefined; count: number }[] = [];
  private closed = false;

  constructor(hub: FakeEventHub) {
    this.hub = hub;
  }

  get eventHubName(): string {
    return this.hub.eventHubName;
  }

  get fullyQualifiedNamespace(): string {
    return this.hub.fullyQualifiedNamespace;
  }

  async createBatch(options: CreateBatchOptions = {}): Promise<EventDataBatch> {
    this.ready(options);
    this.hub.checkFailure('createBatch');
    if (options.partitionKey !== undefined && options.partitionId !== undefined) {
      throw new TypeError('partitionId and partitionKey cannot both be set when creating a batch');
    }
    const max = options.maxSizeInBytes ?? this.hub.maxMessageSizeInBytes;
    if (max > this.hub.maxMessageSizeInBytes) {
      throw new Error(
        `Max message size (${max} bytes) is greater than maximum message size (${this.hub.maxMessageSizeInBytes} bytes) on the AMQP sender link.`,
      );
    }
    return new FakeEventDataBatch(this.hub, max, options.partitionKey, options.partitionId);
  }

  async sendBatch(
    batch: EventDataBatch | EventData[],
    options: SendBatchOptions = {},
  ): Promise<void> {
    this.ready(options);
    this.hub.checkFailure('sendBatch');
    if (Array.isArray(batch)) {
      const encoded = batch.map((event) => encodeEventData(event, options.partitionKey));
      const size = encoded.reduce((sum, e) => sum + e.size, BATCH_OVERHEAD);
      if (size > this.hub.maxMessageSizeInBytes) {
        const error = new MessagingError(
          `The received message (size ${size} bytes) exceeds the limit.`,
        );
        error.code = 'MessageTooLargeError';
        error.retryable = false;
        throw error;
      }
      this.hub.append(options.partitionId, options.partitionKey, encoded);
      this.sent.push({ partitionKey: options.partitionKey, count: encoded.length });
      return;
    }
    if (!(batch instanceof FakeEventDataBatch) || batch.hub !== this.hub) {
      throw new TypeError('sendBatch expects a batch created by this producer');
    }
    if (batch.count === 0) return;
    this.hub.append(batch.partitionId, batch.partitionKey, batch.encoded);
    this.sent.push({ partitionKey: batch.partitionKey, count: batch.count });
  }

  async getPartitionIds(options: OperationOptions = {}): Promise<string[]> {
    this.ready(options);
    this.hub.checkFailure('getPartitionIds');
    return [...this.hub.partitionIds];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private ready(options: OperationOptions): void {
    if (options.abortSignal?.aborted) throw sdkAbortError();
    if (this.closed) {
      throw new Error('The EventHubProducerClient has been closed and can no longer be used.');
    }
  }
}

export function sdkAbortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}
