/**
 * One scoring run at one K on the bench's deployment: fresh scorer processes, a run planned by
 * the real run service (`createRunService`, job size K) over every registered model, ended by
 * the real reconciler; timed from `trigger()` to the run record's `succeeded`.
 */

import { createRunService, Reconciler } from '@fleetscore/scheduler/testing';
import { type JobPayload, TERMINAL_RUN_STATES } from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { Redis } from 'ioredis';
import { addCounts, type BlobRequestCounter } from './blob-requests.js';
import type { RunFigures } from './figures.js';
import type { FleetStack } from './fleet-stack.js';
import { type ScorerFleet, startScorerFleet } from './scorer-fleet.js';

export interface RunOnceOptions {
  stack: FleetStack;
  /** This process's blob-request counter on the stack's container (reset at the trigger). */
  counter: BlobRequestCounter;
  redisUrl: string;
  sensors: number;
  shards: number;
  k: number;
  hourMs: number;
  /** Scorer processes, how they run, and each one's settings. */
  workers: number;
  scorerFrom: 'dist' | 'source';
  threads: number;
  concurrency: number;
  /** Past this, the run is cancelled and reported unfinished, s. */
  budgetSeconds: number;
  /** Reconciler pass interval, ms (its latency is part of the wall time). */
  reconcileMs: number;
  /**
   * `steady`: a repeat of an earlier run's plan, its model packs already written; `warm`: the
   * same again on the steady run's scorers, their model caches full.
   */
  label?: 'steady' | 'warm';
}

/** Scorer processes on a queue of their own, for one run or several in a row. */
export interface BenchFleet {
  queueName: string;
  queue: BullMqJobQueue<JobPayload>;
  scorers: ScorerFleet;
}

const HOUR_MS = 3_600_000;

/** Starts `o.workers` scorers on a new queue; `env` adds to (or overrides) their settings. */
export async function startBenchFleet(
  o: RunOnceOptions,
  env: Record<string, string> = {},
): Promise<BenchFleet> {
  const queueName = `bench-run-${o.stack.storage.tablePrefix}-k${o.k}${o.label ? `-${o.label}` : ''}`;
  const queue = new BullMqJobQueue<JobPayload>({
    connection: { url: o.redisUrl },
    name: queueName,
  });
  const scorers = await startScorerFleet({
    processes: o.workers,
    from: o.scorerFrom,
    env: {
      FLEETSCORE_BACKEND: 'local',
      FLEETSCORE_REDIS_URL: o.redisUrl,
      FLEETSCORE_JOB_QUEUE: queueName,
      FLEETSCORE_STORAGE_CONNECTION_STRING: o.stack.storage.connectionString,
      FLEETSCORE_BLOB_CONTAINER: o.stack.storage.container,
      FLEETSCORE_TABLE_PREFIX: o.stack.storage.tablePrefix,
      FLEETSCORE_SCORER_THREADS: String(o.threads),
      FLEETSCORE_SCORER_CONCURRENCY: String(o.concurrency),
      ...env,
    },
  });
  return { queueName, queue, scorers };
}

/** Stops the scorers (SIGTERM drain) and removes the queue. */
export async function stopBenchFleet(o: RunOnceOptions, fleet: BenchFleet) {
  const stopped = await fleet.scorers.stop();
  await fleet.queue.close();
  await dropQueue(o.redisUrl, fleet.queueName);
  return stopped;
}

/** One run on fresh scorers, stopped after it. */
export async function runOnce(o: RunOnceOptions): Promise<RunFigures> {
  const fleet = await startBenchFleet(o);
  let scorerFigures: Awaited<ReturnType<ScorerFleet['snapshot']>> | undefined;
  try {
    return await runOn(o, fleet, async () => {
      scorerFigures = await stopBenchFleet(o, fleet);
      return scorerFigures;
    });
  } finally {
    if (scorerFigures === undefined) await stopBenchFleet(o, fleet).catch(() => {});
  }
}

/**
 * One run on `fleet`; `collect` gives its scorers' counts and peak RSS once the run is over
 * (by stopping them, or by a snapshot of a fleet kept for the next run).
 */
export async function runOn(
  o: RunOnceOptions,
  fleet: BenchFleet,
  collect: () => Promise<Awaited<ReturnType<ScorerFleet['snapshot']>>>,
): Promise<RunFigures> {
  const deps = {
    ledger: o.stack.ledger,
    registry: o.stack.registry,
    queue: fleet.queue,
    blobs: o.stack.blobs,
    shards: o.shards,
    jobSize: o.k,
  };
  const reconciler = new Reconciler({ runs: deps, intervalMs: o.reconcileMs });
  const service = createRunService(deps);
  let run: RunRecord | undefined;
  let wallSeconds = 0;
  let inProcess: RunFigures['inProcess'];
  try {
    reconciler.start();
    o.counter.reset();
    const started = performance.now();
    const triggered = await service.trigger({
      from: new Date(o.hourMs),
      to: new Date(o.hourMs + HOUR_MS),
      trigger: { kind: 'api', by: 'bench:run' },
    });
    const deadline = started + o.budgetSeconds * 1000;
    for (;;) {
      run = await o.stack.ledger.getRun(triggered.id);
      if (run !== undefined && TERMINAL_RUN_STATES.includes(run.state)) break;
      if (performance.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    wallSeconds = (performance.now() - started) / 1000;
    // Over budget: cancel, so the scorers skip what is left and drain quickly.
    if (run?.state === 'running') run = await service.cancel(run.id);
  } finally {
    await reconciler.close();
    inProcess = o.counter.counts();
  }
  const collected = await collect();
  const completed = run?.state === 'succeeded';
  if (!completed && run?.state !== 'cancelled') {
    throw new Error(`run ${run?.id} ended ${run?.state}: ${run?.reason ?? ''}`);
  }
  const jobs = run === undefined ? [] : await o.stack.ledger.listJobs(run.id);
  const ended = jobs.filter((j) => j.state === 'succeeded');
  return {
    k: o.k,
    ...(o.label === undefined ? {} : { label: o.label }),
    sensors: o.sensors,
    completed,
    wallSeconds,
    rows: ended.reduce((sum, j) => sum + (j.summary?.rows ?? 0), 0),
    jobs: jobs.length,
    jobsEnded: ended.length,
    jobDurationsMs: ended.flatMap((j) => (j.durationMs === undefined ? [] : [j.durationMs])),
    shards: o.shards,
    inProcess,
    scorers: addCounts(...collected.counts),
    peakRssBytes: collected.peakRss,
    memory: collected.memory,
    redelivered: jobs
      .filter((j) => j.attempts > 1)
      .map((j) => ({
        index: j.index,
        attempts: j.attempts,
        ...(j.error === undefined ? {} : { error: j.error }),
      })),
  };
}

/** Removes the run's BullMQ keys (`bull:{queue}:*`): each K has a queue of its own. */
async function dropQueue(redisUrl: string, queueName: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:${queueName}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
