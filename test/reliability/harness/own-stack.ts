/**
 * A scenario's own Redis and Azurite, on free ports in a temp dir, started with the local
 * stack's launchers (deploy/local/stack): killing, restarting or flushing them never touches
 * the shared stack the other tests use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startAzurite, stopAzurite } from '../../../deploy/local/stack/azurite.js';
import {
  type StackSettings,
  stackDown,
  stackEnv,
  stackSettings,
  stackUp,
} from '../../../deploy/local/stack/index.js';
import { startRedis, stopRedis } from '../../../deploy/local/stack/redis.js';

export interface OwnStack {
  settings: StackSettings;
  /** FLEETSCORE_REDIS_URL and FLEETSCORE_STORAGE_CONNECTION_STRING of this stack. */
  env: Record<string, string>;
  /** A Redis client for observing (queue and stream keys); closed by `down`. */
  redis: InstanceType<typeof Redis>;
  /** Stops Redis (SIGTERM: it syncs its append-only file); `startRedis` restarts it on the same dir. */
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** Stops Azurite (SIGTERM) and resolves; `startAzurite` brings it back on the same dir. */
  stopAzurite(): Promise<void>;
  startAzurite(): Promise<void>;
  /** Stops both and removes the temp dir; idempotent. */
  down(): Promise<void>;
}

const quiet = () => {};

/** `ports`: Redis, then blob, queue, table (e.g. from `freePortBlock(4)`). */
export async function ownStack(
  ports: readonly [number, number, number, number],
): Promise<OwnStack> {
  const dir = mkdtempSync(join(tmpdir(), 'fleetscore-reliability-'));
  const [redisPort, blobPort, queuePort, tablePort] = ports;
  const settings = stackSettings({
    FLEETSCORE_STACK_DIR: dir,
    FLEETSCORE_STACK_REDIS_PORT: String(redisPort),
    FLEETSCORE_STACK_BLOB_PORT: String(blobPort),
    FLEETSCORE_STACK_QUEUE_PORT: String(queuePort),
    FLEETSCORE_STACK_TABLE_PORT: String(tablePort),
  });
  try {
    await stackUp(settings, quiet);
  } catch (error) {
    await stackDown(settings, quiet).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const env = stackEnv(settings);
  // Retries forever while Redis is down (a restart scenario), so observers just wait.
  const redis = new Redis(env.FLEETSCORE_REDIS_URL as string, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // refused while Redis is down on purpose; commands wait
  let downed: Promise<void> | undefined;
  return {
    settings,
    env,
    redis,
    stopRedis: () => stopRedis(settings, quiet),
    startRedis: () => startRedis(settings, quiet),
    stopAzurite: () => stopAzurite(settings, quiet),
    startAzurite: () => startAzurite(settings, quiet),
    down() {
      downed ??= (async () => {
        redis.disconnect();
        await stackDown(settings, quiet).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      })();
      return downed;
    },
  };
}
