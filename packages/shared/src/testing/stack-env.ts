/**
 * Where the integration tests find the local stack. The vitest global set-up
 * (deploy/local/vitest-global-setup.ts) starts it and exports these variables; the defaults
 * are the stack's own defaults.
 */
export interface TestStack {
  redisUrl: string;
  storageConnectionString: string;
}

export function testStack(): TestStack {
  return {
    redisUrl: process.env.FLEETSCORE_REDIS_URL ?? 'redis://127.0.0.1:6380',
    storageConnectionString:
      process.env.FLEETSCORE_STORAGE_CONNECTION_STRING ?? 'UseDevelopmentStorage=true',
  };
}

/** A name no other test (or earlier run) uses: lower-case letters and digits, ≤ 24 chars. */
export function uniqueName(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}${Date.now().toString(36)}${random}`.toLowerCase().slice(0, 24);
}
