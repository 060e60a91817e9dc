import type { BaseConfig } from '../config/index.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { EventStream } from '../ports/event-stream.js';
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

export const queueCheck = (queue: JobQueue<unknown>): HealthCheck => ({
  name: 'queue',
  check: async () => void (await queue.depth()),
});

/**
 * The event stream's backend: a Redis PING on a connection of its own locally (the stream's
 * partition list is static there), the hub's partition list in Azure. `close` ends the
 * connection.
 */
export async function streamCheck(
  config: BaseConfig,
  stream: EventStream,
): Promise<HealthCheck & { close(): Promise<void> }> {
  if (config.backend.kind === 'azure') {
    return {
      name: 'stream',
      check: async () => void (await stream.partitionIds()),
      close: async () => {},
    };
  }
  const { Redis } = await import('ioredis');
  const url = config.backend.redisUrl;
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
