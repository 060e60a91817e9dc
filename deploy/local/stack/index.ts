import { azuriteAnswers, startAzurite, stopAzurite } from './azurite.js';
import { redisAnswers, startRedis, stopRedis } from './redis.js';
import { type StackSettings, stackEnv } from './settings.js';

export { type StackSettings, stackEnv, stackSettings } from './settings.js';

type Say = (line: string) => void;

/** Starts Redis and Azurite on loopback; idempotent. Resolves once both answer. */
export async function stackUp(s: StackSettings, say: Say = console.log): Promise<void> {
  await Promise.all([startRedis(s, say), startAzurite(s, say)]);
}

/** Stops exactly the processes named by our pid files (never by process name). */
export async function stackDown(s: StackSettings, say: Say = console.log): Promise<void> {
  await Promise.all([stopRedis(s, say), stopAzurite(s, say)]);
}

export async function stackStatus(s: StackSettings) {
  const [redis, azurite] = await Promise.all([redisAnswers(s), azuriteAnswers(s)]);
  return { redis, azurite, env: stackEnv(s) };
}
