/**
 * Where a stream or queue lives, as the messaging semantic conventions name it on producer and
 * consumer spans (`ATTR.messaging*`, telemetry/messaging.ts).
 */
export interface MessagingTarget {
  /** `messaging.system`: `eventhubs`, `servicebus` (the conventions' values), `redis`, `bullmq`. */
  readonly system: string;
  /** `messaging.destination.name`: the event hub, queue or stream. */
  readonly destination: string;
  /** `server.address`: the namespace or host, when the adapter knows it. */
  readonly serverAddress?: string;
}
