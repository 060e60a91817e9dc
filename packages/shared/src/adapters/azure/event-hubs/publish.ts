import type { EventData, EventHubProducerClient } from '@azure/event-hubs';
import { NonRetryableError } from '../../../errors.js';
import type { OutgoingEvent } from '../../../ports/event-stream.js';

/** The producer calls the adapter makes (an `EventHubProducerClient`, or a fake of it). */
export type EventHubsProducer = Pick<
  EventHubProducerClient,
  | 'createBatch'
  | 'sendBatch'
  | 'getPartitionIds'
  | 'close'
  | 'eventHubName'
  | 'fullyQualifiedNamespace'
>;

/**
 * Publishes events as batches created with their partition key (a batch carries one key),
 * starting a new batch when one is full. Batches of one key go one after another, so the key's
 * order holds; different keys go concurrently, up to `concurrency` at a time.
 */
export async function publishByKey(
  producer: EventHubsProducer,
  events: readonly OutgoingEvent[],
  concurrency: number,
  abortSignal: AbortSignal | undefined,
): Promise<void> {
  const byKey = new Map<string, OutgoingEvent[]>();
  for (const event of events) {
    const group = byKey.get(event.partitionKey);
    if (group) group.push(event);
    else byKey.set(event.partitionKey, [event]);
  }
  const queue = [...byKey];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await publishKey(producer, next[0], next[1], abortSignal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

async function publishKey(
  producer: EventHubsProducer,
  partitionKey: string,
  events: readonly OutgoingEvent[],
  abortSignal: AbortSignal | undefined,
): Promise<void> {
  let batch = await producer.createBatch({ partitionKey, abortSignal });
  for (const event of events) {
    const data = toEventData(event);
    if (batch.tryAdd(data)) continue;
    if (batch.count > 0) {
      await producer.sendBatch(batch, { abortSignal });
      batch = await producer.createBatch({ partitionKey, abortSignal });
      if (batch.tryAdd(data)) continue;
    }
    throw new NonRetryableError(
      `an event with partition key "${partitionKey}" does not fit in a batch of ${batch.maxSizeInBytes} bytes`,
    );
  }
  if (batch.count > 0) await producer.sendBatch(batch, { abortSignal });
}

/**
 * The body travels as UTF-8 JSON bytes (the SDK JSON-parses them again on receipt), so every
 * body — byte arrays included — is JSON, as the port promises.
 */
export function toEventData(event: OutgoingEvent): EventData {
  return {
    body: Buffer.from(JSON.stringify(event.body ?? null), 'utf8'),
    contentType: 'application/json',
    properties: { ...event.properties },
  };
}
