import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where and on which loopback ports the local stack runs. */
export interface StackSettings {
  /** Data, pid files and logs; default `<repo>/.fleetscore`. */
  dir: string;
  host: string;
  /** Default 6380, so a user's own Redis on 6379 is left alone. */
  redisPort: number;
  /** Azurite's well-known ports (10000–10002) by default, so `UseDevelopmentStorage=true` works. */
  blobPort: number;
  queuePort: number;
  tablePort: number;
}

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number (1–65535), got "${raw}"`);
  }
  return value;
}

/** Reads the stack's own variables (`FLEETSCORE_STACK_*`); the services never read these. */
export function stackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  return {
    dir: resolve(env.FLEETSCORE_STACK_DIR || resolve(repoRoot, '.fleetscore')),
    host: '127.0.0.1',
    redisPort: port(env, 'FLEETSCORE_STACK_REDIS_PORT', 6380),
    blobPort: port(env, 'FLEETSCORE_STACK_BLOB_PORT', 10000),
    queuePort: port(env, 'FLEETSCORE_STACK_QUEUE_PORT', 10001),
    tablePort: port(env, 'FLEETSCORE_STACK_TABLE_PORT', 10002),
  };
}

/** Azurite's published development account; a well-known value, not a secret. */
const devAccount = 'devstoreaccount1';
const devKey =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The variables that point the services (and tests) at this stack. */
export function stackEnv(s: StackSettings): Record<string, string> {
  const endpoint = (p: number, kind: string) =>
    `${kind}Endpoint=http://${s.host}:${p}/${devAccount}`;
  const defaultPorts = s.blobPort === 10000 && s.queuePort === 10001 && s.tablePort === 10002;
  return {
    FLEETSCORE_REDIS_URL: `redis://${s.host}:${s.redisPort}`,
    FLEETSCORE_STORAGE_CONNECTION_STRING: defaultPorts
      ? 'UseDevelopmentStorage=true'
      : [
          'DefaultEndpointsProtocol=http',
          `AccountName=${devAccount}`,
          `AccountKey=${devKey}`,
          endpoint(s.blobPort, 'Blob'),
          endpoint(s.queuePort, 'Queue'),
          endpoint(s.tablePort, 'Table'),
        ].join(';'),
  };
}

export const paths = (s: StackSettings) => ({
  run: resolve(s.dir, 'run'),
  logs: resolve(s.dir, 'logs'),
  redisData: resolve(s.dir, 'redis'),
  azuriteData: resolve(s.dir, 'azurite'),
  redisPid: resolve(s.dir, 'run', 'redis.pid'),
  azuritePid: resolve(s.dir, 'run', 'azurite.pid'),
});
