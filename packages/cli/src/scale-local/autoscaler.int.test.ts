import { createContainerClient, createTableClient } from '@fleetscore/shared/azure';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Autoscaler, type ScorerHandle, startAutoscaler } from './autoscaler.js';
import { spawnScorer } from './scorer-process.js';

const { redisUrl, storageConnectionString: connectionString } = testStack();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

describe('scale-local on the real stack', () => {
  it('wakes a scorer for a delayed job when none runs, and stops it once idle', async () => {
    const queueName = uniqueName('scale');
    const container = uniqueName('scale');
    const tablePrefix = uniqueName('t');
    const queue = new BullMqJobQueue<unknown>({ connection: { url: redisUrl }, name: queueName });
    cleanups.push(async () => {
      await queue.close();
      await createContainerClient({ connectionString, container }).deleteIfExists();
      await Promise.allSettled(
        ['runs', 'jobs', 'models'].map((t) =>
          createTableClient({ connectionString, table: `${tablePrefix}${t}` }).deleteTable(),
        ),
      );
    });
    // A delayed delivery, as a retry waiting for its backoff is: only a running BullMQ worker
    // promotes it, and nothing is `waiting` — the case a Redis-list scaler never sees.
    await queue.enqueue({ id: 'not-a-job/0', payload: { not: 'a job' }, delayMs: 300 });
    expect(await queue.depth()).toMatchObject({ waiting: 0, delayed: 1, active: 0 });

    const started: ScorerHandle[] = [];
    const output: string[] = [];
    const scaler: Autoscaler = startAutoscaler({
      queue,
      policy: { jobsPerReplica: 1, max: 2, idleMs: 1_000 },
      pollMs: 250,
      startScorer: async () => {
        const scorer = await spawnScorer(
          {
            ...process.env,
            FLEETSCORE_BACKEND: 'local',
            FLEETSCORE_REDIS_URL: redisUrl,
            FLEETSCORE_JOB_QUEUE: queueName,
            FLEETSCORE_STORAGE_CONNECTION_STRING: connectionString,
            FLEETSCORE_BLOB_CONTAINER: container,
            FLEETSCORE_TABLE_PREFIX: tablePrefix,
            FLEETSCORE_SCORER_THREADS: '1',
            FLEETSCORE_OTEL_EXPORTER: 'none',
            FLEETSCORE_LOG_LEVEL: 'info',
          },
          (line) => output.push(line),
        );
        started.push(scorer);
        return scorer;
      },
    });
    cleanups.push(() => scaler.close());

    // The woken scorer promotes and takes the job; its payload is not a job, so it is
    // dead-lettered at once — proof that a scorer consumed it.
    await until('the delayed job consumed', async () => {
      const depth = await queue.depth();
      return depth.deadLettered === 1 && depth.delayed === 0 ? depth : undefined;
    });
    expect(started).toHaveLength(1);
    // Nothing left to do: after the idle period the scorer gets SIGTERM, drains and exits 0.
    await until('scaled to zero', async () => (scaler.running === 0 ? true : undefined));
    const [[code]] = (await Promise.all(started.map((s) => s.exited))) as [[number | null]];
    expect(code, output.join('\n')).toBe(0);
    expect(started).toHaveLength(1);
    // Started with the image's heap cap: the scorer logged its start and no heap warning.
    expect(output.join('\n')).toContain('scorer consuming');
    expect(output.join('\n')).not.toContain('V8 heap limit');
  }, 180_000);
});
