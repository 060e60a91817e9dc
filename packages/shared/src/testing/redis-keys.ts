import { Redis } from 'ioredis';
import { streamKeys } from '../adapters/local/redis-stream/keys.js';

/**
 * Deletes the keys matching `pattern` (SCAN, not KEYS): how a test makes one queue or stream
 * lose its state, as a FLUSHALL would, without touching what other tests share the server with.
 * Returns how many were deleted.
 */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * The sequence number of the oldest entry of one partition of a `RedisEventStream` (`name` as
 * given to it), or undefined when the partition is empty. Counters start at the server's clock
 * (see the publish script), so tests state sequence numbers relative to this one.
 */
export async function firstStreamSeq(
  redisUrl: string,
  name: string,
  partitionId: string,
): Promise<number | undefined> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const [entry] = await redis.xrange(streamKeys(name).stream(partitionId), '-', '+', 'COUNT', 1);
    const fields = entry?.[1] ?? [];
    const at = fields.indexOf('seq');
    return at < 0 ? undefined : Number(fields[at + 1]);
  } finally {
    redis.disconnect();
  }
}
