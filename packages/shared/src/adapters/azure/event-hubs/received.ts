import type { ReceivedEventData } from '@azure/event-hubs';
import type { ReceivedEvent } from '../../../ports/event-stream.js';

/**
 * Maps an SDK event to the port's. The SDK has already JSON-parsed the body (a body that is
 * not JSON stays a Buffer); application properties become strings; the partition key comes
 * from the event or, failing that, its `x-opt-partition-key` annotation.
 */
export function toReceivedEvent(partitionId: string, event: ReceivedEventData): ReceivedEvent {
  const annotated: unknown = event.systemProperties?.['x-opt-partition-key'];
  const partitionKey =
    event.partitionKey ?? (typeof annotated === 'string' ? annotated : undefined);
  return {
    partitionId,
    offset: String(event.offset),
    sequenceNumber: event.sequenceNumber,
    enqueuedTime: event.enqueuedTimeUtc,
    partitionKey,
    body: event.body,
    properties: Object.fromEntries(
      Object.entries(event.properties ?? {}).map(([key, value]) => [key, String(value)]),
    ),
  };
}
