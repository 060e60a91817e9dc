/**
 * Connection strings that send one service's traffic through a fault proxy while the rest of
 * the stack stays direct: the stack's own explicit form (`stackEnv` with other ports), so the
 * services parse exactly what a deployment would give them.
 */

import type { FaultProxy } from '@fleetscore/shared/testing';
import { type StackSettings, stackEnv, stackSettings } from '../../../deploy/local/stack/index.js';

/**
 * A stack's storage (default: the shared one), with only the blob endpoint at `proxy` (queue
 * and table direct).
 */
export function blobThroughProxy(
  proxy: Pick<FaultProxy, 'port'>,
  settings: StackSettings = stackSettings(),
): string {
  const env = stackEnv({ ...settings, blobPort: proxy.port });
  return env.FLEETSCORE_STORAGE_CONNECTION_STRING as string;
}

/** The shared stack's Redis URL with its port swapped for the proxy's. */
export function redisThroughProxy(proxy: Pick<FaultProxy, 'port'>): string {
  return `redis://127.0.0.1:${proxy.port}`;
}

/** Where the proxy forwards to: the shared stack's blob endpoint and Redis, from its settings. */
export function stackTargets(): { blob: ProxyTarget; redis: ProxyTarget } {
  const settings = stackSettings();
  return {
    blob: { host: settings.host, port: settings.blobPort },
    redis: { host: settings.host, port: settings.redisPort },
  };
}

export interface ProxyTarget {
  host: string;
  port: number;
}
