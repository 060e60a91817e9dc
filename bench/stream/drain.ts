/**
 * Watches the aggregator's consumer group until it has read every entry (lag 0 on every
 * partition) and then checkpointed every entry (pending 0 too): the checkpoint moves only once
 * the windows of everything before it are durable in blob storage.
 */
import type { Redis } from 'ioredis';

export interface DrainTimes {
  /** performance.now() when every entry had been delivered to the aggregator. */
  consumedAt: number;
  /** performance.now() when every entry was checkpointed (its windows written). */
  drainedAt: number;
  entries: number;
}

interface GroupState {
  lag: number | null;
  pending: number;
}

async function groupState(
  redis: Redis,
  key: string,
  group: string,
): Promise<GroupState | undefined> {
  const groups = (await redis.xinfo('GROUPS', key).catch(() => [])) as unknown[][];
  for (const fields of groups) {
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
    if (info.get('name') !== group) continue;
    const lag = info.get('lag');
    return { lag: typeof lag === 'number' ? lag : null, pending: Number(info.get('pending')) };
  }
  return undefined;
}

export async function waitForDrain(
  redis: Redis,
  options: { partitions: number; group: string; timeoutMs: number },
): Promise<DrainTimes> {
  const keys = Array.from({ length: options.partitions }, (_, p) => `fs:stream:readings:${p}`);
  const deadline = performance.now() + options.timeoutMs;
  let consumedAt: number | undefined;
  while (performance.now() < deadline) {
    const states = await Promise.all(keys.map((key) => groupState(redis, key, options.group)));
    const now = performance.now();
    if (states.every((s) => s?.lag === 0)) {
      consumedAt ??= now;
      if (states.every((s) => s?.pending === 0)) {
        const lengths = await Promise.all(keys.map((key) => redis.xlen(key)));
        return { consumedAt, drainedAt: now, entries: lengths.reduce((a, b) => a + b, 0) };
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the aggregator did not drain within ${options.timeoutMs} ms`);
}
