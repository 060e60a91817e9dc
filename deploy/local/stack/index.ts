import { rm } from 'node:fs/promises';
import { azuriteAnswers, startAzurite, stopAzurite } from './azurite.js';
import { redisAnswers, startRedis, stopRedis } from './redis.js';
import { paths, type StackSettings, stackEnv } from './settings.js';

export { type StackSettings, stackEnv, stackSettings } from './settings.js';

type Say = (line: string) => void;

/** Starts Redis and Azurite on loopback; idempotent. Resolves once both answer. */
export async function stackUp(s: StackSettings, say: Say = console.log): Promise<void> {
  await Promise.all([startRedis(s, say), startAzurite(s, say)]);
}

/**
 * Stops exactly the processes named by our pid files (never by process name). With `wipe`,
 * then deletes their data (Redis's AOF, Azurite's blobs and tables): Azurite's data directory
 * only grows (deleted containers' extents stay on disk) and each of its blob lookups scans the
 * metadata of every blob it holds, so a long-used stack gets slower (bench/README.md).
 */
export async function stackDown(
  s: StackSettings,
  say: Say = console.log,
  options: { wipe?: boolean } = {},
): Promise<void> {
  await Promise.all([stopRedis(s, say), stopAzurite(s, say)]);
  if (!options.wipe) return;
  const { redisData, azuriteData } = paths(s);
  for (const data of [redisData, azuriteData]) {
    await rm(data, { recursive: true, force: true });
    say(`wiped    ${data}`);
  }
}

export async function stackStatus(s: StackSettings) {
  const [redis, azurite] = await Promise.all([redisAnswers(s), azuriteAnswers(s)]);
  return { redis, azurite, env: stackEnv(s) };
}
