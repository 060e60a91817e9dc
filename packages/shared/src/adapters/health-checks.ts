import type { BaseConfig } from '../config/index.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { EventPublisher, EventStream } from '../ports/event-stream.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { RecordTable } from '../ports/record-table.js';
import type { HealthCheck } from '../runtime/health.js';

/** Readiness checks that make one real round trip through each port. */
export const blobCheck = (blobs: BlobStore): HealthCheck => ({
  name: 'blob',
  check: async (signal) => void (await blobs.exists('healthz', { signal })),
});

export const tableCheck = (name: string, table: RecordTable<object>): HealthCheck => ({
  name: `table:${name}`,
  check: async () => void (await table.get('healthz', 'healthz')),
});

/**
 * The queue by its depth: a management read on Service Bus (the Manage right). For the
 * scheduler, which reads depth anyway (`/v1/scaling`, `/metrics`); consumers use `queueProbeCheck`.
 */
export const queueCheck = (queue: Pick<JobQueue<unknown>, 'depth'>): HealthCheck => ({
  name: 'queue',
  check: async () => void (await queue.depth()),
});

/** The queue by a data-plane round trip (`probe`: a peek on Service Bus), for a consumer's readiness. */
export const queueProbeCheck = (queue: Pick<JobQueue<unknown>, 'probe'>): HealthCheck => ({
  name: 'queue',
  check: (signal) => queue.probe({ signal }),
});

/**
 * The event stream's backend, for a consumer: a Redis PING on a connection of its own locally
 * (the stream's partition list is static there), the hub's partition list in Azure. `close`
 * ends the connection.
 */
export async function streamCheck(
  config: BaseConfig,
  stream: Pick<EventStream, 'partitionIds'>,
): Promise<HealthCheck & { close(): Promise<void> }> {
  if (config.backend.kind === 'azure') {
    return {
      name: 'stream',
      check: async () => void (await stream.partitionIds()),
      close: async () => {},
    };
  }
  return redisPingCheck(config.backend.redisUrl);
}

/**
 * The event stream's backend, for a publisher, with no right beyond publishing: a Redis PING
 * on a connection of its own locally, the publisher's `probe` (its sender link) in Azure.
 */
export async function publisherCheck(
  config: BaseConfig,
  publisher: Pick<EventPublisher, 'probe'>,
): Promise<HealthCheck & { close(): Promise<void> }> {
  if (config.backend.kind === 'azure') {
    return {
      name: 'stream',
      check: (signal) => publisher.probe({ signal }),
      close: async () => {},
    };
  }
  return redisPingCheck(config.backend.redisUrl);
}

/** A PING on a connection of its own, failing fast and naming the URL (secrets redacted later). */
async function redisPingCheck(url: string): Promise<HealthCheck & { close(): Promise<void> }> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
  });
  let lastError = '';
  // Reported through the check, not as an unhandled 'error' event.
  redis.on('error', (error: Error) => {
    lastError = error.message;
  });
  return {
    name: 'stream',
    check: async () => {
      try {
        await redis.ping();
      } catch (error) {
        throw new Error(`Redis at ${url}: ${lastError || (error as Error).message}`);
      }
    },
    close: async () => void redis.disconnect(),
  };
}
