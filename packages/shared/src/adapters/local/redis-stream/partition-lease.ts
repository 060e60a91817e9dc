import type { Redis } from 'ioredis';
import { heartbeatScript, releaseLeaseScript, renewLeaseScript, runScript } from './scripts.js';

/**
 * Partition ownership in a consumer group: a lease key per (group, partition) holding the
 * owner's id with a PX expiry, renewed by its owner; and a membership set through which
 * subscribers learn how many of them share the group.
 */
export async function acquireLease(
  redis: Redis,
  leaseKey: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  return (await redis.set(leaseKey, owner, 'PX', leaseMs, 'NX')) === 'OK';
}

/** False when the lease has expired or belongs to someone else. */
export async function renewLease(
  redis: Redis,
  leaseKey: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  return (await runScript(redis, renewLeaseScript, [leaseKey], [owner, leaseMs])) === 1;
}

export async function releaseLease(redis: Redis, leaseKey: string, owner: string): Promise<void> {
  await runScript(redis, releaseLeaseScript, [leaseKey], [owner]);
}

/** Records that `member` is alive for `ttlMs` more (or leaves); returns the live members. */
export async function heartbeat(
  redis: Redis,
  membersKey: string,
  member: string,
  ttlMs: number,
  leaving = false,
): Promise<string[]> {
  const members = await runScript(
    redis,
    heartbeatScript,
    [membersKey],
    [member, ttlMs, leaving ? '1' : '0'],
  );
  return Array.isArray(members) ? members.map(String) : [];
}

/**
 * How many partitions `member` should own: members are ranked by id (the same order for
 * everyone who sees the same members) and the first `partitionCount % n` get one more, so the
 * quotas add up to exactly the partition count.
 */
export function fairShare(member: string, members: readonly string[], partitionCount: number) {
  const ranked = [...new Set([...members, member])].sort();
  const rank = ranked.indexOf(member);
  const base = Math.floor(partitionCount / ranked.length);
  return { quota: base + (rank < partitionCount % ranked.length ? 1 : 0), rank, of: ranked.length };
}
