/**
 * External observation of the local backend's Redis state, so a scenario can time a kill
 * without any hook in the services: how many jobs a fan-out has enqueued so far (BullMQ's
 * keys), and how far a consumer group's checkpoint is behind (the Redis stream adapter's
 * pending list: "delivered since the last checkpoint", see packages/shared/src/adapters/local/redis-stream).
 */
import type { OwnStack } from './own-stack.js';

type RedisClient = OwnStack['redis'];

/** BullMQ's lists and sorted sets a job can be in; every enqueued job is in exactly one. */
const LISTS = ['wait', 'active', 'paused'];
const SETS = ['completed', 'failed', 'delayed', 'prioritized', 'waiting-children'];

/** Jobs ever enqueued on `queue` and not removed (read in one MULTI: a consistent count). */
export async function enqueuedJobs(redis: RedisClient, queue: string): Promise<number> {
  const multi = redis.multi();
  for (const list of LISTS) multi.llen(`bull:${queue}:${list}`);
  for (const set of SETS) multi.zcard(`bull:${queue}:${set}`);
  const replies = (await multi.exec()) ?? [];
  return replies.reduce((sum, [error, n]) => (error ? sum : sum + Number(n)), 0);
}

export interface PendingState {
  /** Events delivered to the group and not yet checkpointed. */
  pending: number;
  /** Sequence number of the oldest of them (undefined when none). */
  oldestSeq?: number;
}

/** `stream`: the readings stream's name; the partition's Redis key is `fs:stream:<name>:<p>`. */
export async function pendingState(
  redis: RedisClient,
  stream: string,
  partition: number,
  group: string,
): Promise<PendingState> {
  const key = `fs:stream:${stream}:${partition}`;
  const [count, oldestId] = (await redis.xpending(key, group)) as [number, string | null];
  if (Number(count) === 0 || oldestId === null) return { pending: 0 };
  const entries = (await redis.xrange(key, oldestId, oldestId)) as [string, string[]][];
  const fields = entries[0]?.[1] ?? [];
  const at = fields.indexOf('seq');
  return { pending: Number(count), oldestSeq: at >= 0 ? Number(fields[at + 1]) : undefined };
}
