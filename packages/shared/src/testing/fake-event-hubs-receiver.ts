import type { EventPosition, MessagingError, ReceivedEventData } from '@azure/event-hubs';
import type { FakeEventHub, FakeReceiverLink, FakeStoredEvent } from './fake-event-hubs.js';
import { sdkAbortError } from './fake-event-hubs-producer.js';

type RawMessage = ReturnType<ReceivedEventData['getRawAmqpMessage']>;

/**
 * An epoch receiver on one partition, like the SDK's: it attaches (resolving its start
 * position) on the first receiveBatch. A newer receiver of the group steals the link: a
 * pending receiveBatch then rejects with ReceiverDisconnectedError; if none is pending the
 * loss goes unnoticed and the next receiveBatch re-attaches, stealing the link back (the
 * SDK's ownership churn, azure-sdk-for-js #15893).
 */
export class FakeReceiver implements FakeReceiverLink {
  private next: number | undefined;
  private attached = false;
  private closed = false;
  private pending: ((error: MessagingError) => void) | undefined;
  private readonly wake = new AbortController();

  constructor(
    private readonly hub: FakeEventHub,
    private readonly consumerGroup: string,
    private readonly partitionId: string,
    private readonly position: EventPosition,
    private readonly skipParsingBodyAsJson: boolean,
  ) {}

  async receiveBatch(max: number, maxWaitSeconds: number, signal: AbortSignal) {
    if (this.closed) return [];
    this.hub.checkFailure('receive');
    if (!this.attached) {
      this.hub.attach(this.consumerGroup, this.partitionId, this);
      this.attached = true;
      this.next ??= this.hub.resolve(this.partitionId, this.position);
    }
    if (this.available() === 0) {
      const stop = new AbortController();
      const stopWaiting = () => stop.abort();
      signal.addEventListener('abort', stopWaiting, { once: true });
      this.wake.signal.addEventListener('abort', stopWaiting, { once: true });
      const timer = setTimeout(stopWaiting, maxWaitSeconds * 1000);
      try {
        await new Promise<void>((resolve, reject) => {
          this.pending = reject;
          void this.hub.nextAppend(this.partitionId, stop.signal).then(resolve);
        });
      } finally {
        this.pending = undefined;
        clearTimeout(timer);
        stop.abort();
        signal.removeEventListener('abort', stopWaiting);
        this.wake.signal.removeEventListener('abort', stopWaiting);
      }
    }
    if (signal.aborted) throw sdkAbortError();
    const events = this.hub.events(this.partitionId).slice(this.next, this.next! + max);
    this.next! += events.length;
    return events.map((event) => received(event, this.skipParsingBodyAsJson));
  }

  disconnect(error: MessagingError): void {
    this.attached = false;
    this.pending?.(error);
  }

  close(): void {
    this.closed = true;
    this.hub.detach(this.consumerGroup, this.partitionId, this);
    this.wake.abort();
  }

  private available(): number {
    return this.hub.events(this.partitionId).length - this.next!;
  }
}

function received(event: FakeStoredEvent, skipParsingBodyAsJson: boolean): ReceivedEventData {
  const body = skipParsingBodyAsJson ? event.data : jsonOrBuffer(event.data);
  const raw: RawMessage = {
    body: event.data,
    bodyType: 'data',
    applicationProperties: event.properties,
    properties: { contentType: event.contentType },
    messageAnnotations: {
      'x-opt-partition-key': event.partitionKey,
      'x-opt-sequence-number': event.sequenceNumber,
      'x-opt-offset': event.offset,
      'x-opt-enqueued-time': event.enqueuedTimeUtc.getTime(),
    },
  };
  return {
    body,
    properties: event.properties,
    enqueuedTimeUtc: event.enqueuedTimeUtc,
    partitionKey: event.partitionKey,
    offset: event.offset,
    sequenceNumber: event.sequenceNumber,
    systemProperties: {},
    ...(event.contentType === undefined ? {} : { contentType: event.contentType }),
    getRawAmqpMessage: () => raw,
  };
}

/** The SDK's decode: JSON when the bytes parse, else the bytes. */
function jsonOrBuffer(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return data;
  }
}
