// Starts the scorer's main.ts as its own process (from source, with tsx's loader), as a deployment would,
// on a harness's container, tables and queue. Not part of the service.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, scorerNodeFlags } from '@fleetscore/shared';
import { testStack } from '@fleetscore/shared/testing';
import type { Harness } from './scorer.test-helper.js';

const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface ScorerProcess {
  child: ChildProcess;
  /** The worker id the process records in the ledger (`host:pid`). */
  workerId: string;
  output(): string;
  exited: Promise<number | null>;
}

export async function startScorerProcess(
  harness: Harness,
  env: Record<string, string> = {},
): Promise<ScorerProcess> {
  const { redisUrl, storageConnectionString } = testStack();
  // node with tsx's loader rather than the tsx CLI, which would run the scorer in a child
  // process of its own: the pid killed must be the scorer's.
  // With the heap cap deployments give it, unless `env` sets NODE_OPTIONS with its own.
  const flags = scorerNodeFlags(env.NODE_OPTIONS ?? process.env.NODE_OPTIONS);
  const child = spawn(
    process.execPath,
    [...flags, '--conditions=source', '--import', 'tsx', 'services/scorer/src/main.ts'],
    {
      cwd: repo,
      env: {
        ...process.env,
        FLEETSCORE_BACKEND: 'local',
        FLEETSCORE_REDIS_URL: redisUrl,
        FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
        FLEETSCORE_JOB_QUEUE: harness.queueName,
        FLEETSCORE_BLOB_CONTAINER: harness.storage.container,
        FLEETSCORE_TABLE_PREFIX: harness.storage.tablePrefix,
        FLEETSCORE_HEALTH_PORT: String(await freePort()),
        FLEETSCORE_SCORER_CONCURRENCY: '1',
        FLEETSCORE_SCORER_THREADS: '1',
        FLEETSCORE_LOCK_SECONDS: '5',
        FLEETSCORE_OTEL_EXPORTER: 'none',
        FLEETSCORE_LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, workerId: `${hostname()}:${child.pid}`, output: () => text, exited };
}
