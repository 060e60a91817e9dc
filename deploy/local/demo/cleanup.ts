/**
 * Removes a finished demo session's readings stream from Redis. The stream is never trimmed, so
 * each full demo would otherwise leave ~100 MB of readings in Redis that nothing reads again:
 * the windows in the session's container hold what the runs scored. The container is kept (the
 * summary points at its predictions and logs).
 */
import { Redis } from 'ioredis';

/** Deletes every key `fs:stream:<stream>:*` (the Redis stream adapter's key layout). */
export async function dropStream(redisUrl: string, stream: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `fs:stream:${stream}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}
