// The e2e fleet for the dashboard test: the scheduler's app (real ledger, registry, BullMQ queue,
// Azurite blobs, real RunService and Reconciler) listening on a port, fitted models, windows in
// the aggregator's layout, and the real scorer consuming in-process as two workers.
import { createModelRegistry } from '@fleetscore/registry';
import {
  buildApp,
  createRunService,
  Reconciler,
  type RunDeps,
} from '@fleetscore/scheduler/testing';
import { type Scorer, startScorer } from '@fleetscore/scorer/testing';
import {
  createLogger,
  type Entity,
  entityKey,
  HOUR_MS,
  type JobPayload,
  mulberry32,
  segmentName,
  shardOf,
  TERMINAL_RUN_STATES,
  type WindowRecord,
  windowShardPath,
} from '@fleetscore/shared';
import {
  AzureBlobStore,
  AzureRecordTable,
  createContainerClient,
  createTableClient,
} from '@fleetscore/shared/azure';
import { createAuthenticator, hashApiKey } from '@fleetscore/shared/http';
import { createLedger, type RunRecord } from '@fleetscore/shared/ledger';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { formatWindows } from '@fleetscore/shared/windows';
import { fitOneClassSvm } from '@fleetscore/svm';

export const API_KEY = 'dashboard-e2e-key-0123456789';
const SHARDS = 4;
const WINDOW_SECONDS = 5;

/** A sensor's readings: a level of its own with noise, and a spike every 60 windows. */
function readings(key: string, n: number, seed: number): number[] {
  const random = mulberry32(seed * 7919 + [...key].reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  const level = 10 + (key.length % 5) * 3;
  return Array.from({ length: n }, (_, i) =>
    i % 60 === 17 ? level + 20 + 10 * random() : level + (random() - 0.5) * 2,
  );
}

export const sensors = (devices: number, perDevice: number): Entity[] =>
  Array.from({ length: devices * perDevice }, (_, i) => ({
    device: `dev${Math.floor(i / perDevice)}`,
    sensor: `s${i % perDevice}`,
  }));

export async function startFleet() {
  const { redisUrl, storageConnectionString: connectionString } = testStack();
  const container = uniqueName('dash');
  const names = {
    runs: uniqueName('runs'),
    jobs: uniqueName('jobs'),
    models: uniqueName('models'),
  };
  const table = (name: string) =>
    AzureRecordTable.connect<object>({ connectionString, table: name });
  const [blobs, runsTable, jobsTable, modelsTable] = await Promise.all([
    AzureBlobStore.connect({ connectionString, container }),
    table(names.runs),
    table(names.jobs),
    table(names.models),
  ]);
  const queueName = uniqueName('dashq');
  const connection = { url: redisUrl };
  const queue = new BullMqJobQueue<JobPayload>({ connection, name: queueName });
  const ledger = createLedger({ runs: runsTable, jobs: jobsTable });
  const registry = createModelRegistry({ blobs, table: modelsTable });
  const runDeps: RunDeps = { ledger, registry, queue, blobs, shards: SHARDS, jobSize: 2 };
  const runs = createRunService(runDeps);
  const reconciler = new Reconciler({ runs: runDeps, intervalMs: 60_000 });
  const app = await buildApp({
    checks: [],
    runs,
    ledger,
    registry,
    queue,
    blobs,
    schedules: [{ name: 'hourly', cron: '5 * * * *' }],
    timeZone: 'UTC',
    auth: createAuthenticator({ host: '127.0.0.1', apiKeyHashes: [hashApiKey(API_KEY)] }),
    scaling: { jobsPerReplica: 2, min: 0, max: 10 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('not listening');

  // Each scorer is its own consumer on the queue, as separate processes would be.
  const log = createLogger({ service: 'dashboard-e2e', level: 'silent' });
  const scorerQueues: BullMqJobQueue<unknown>[] = [];
  const scorers: Scorer[] = [];
  let segment = 0;

  return {
    url: `http://127.0.0.1:${address.port}`,
    ledger,
    registry,
    queue,
    runs,
    /** Fits and registers a model per sensor on readings of another seed than the scored ones. */
    async registerModels(entities: readonly Entity[]) {
      for (const entity of entities) {
        const rows = Float64Array.from(readings(entityKey(entity), 300, 2));
        const model = fitOneClassSvm(rows, 1, {
          nu: 0.05,
          gamma: 0.5,
          standardize: true,
          features: ['Value'],
        });
        await registry.register(entity, model);
      }
    },
    /** An hour of 5-s windows per sensor, one segment blob per (hour, shard) as the aggregator writes. */
    async writeWindows(entities: readonly Entity[], hourMs: number) {
      const count = HOUR_MS / (WINDOW_SECONDS * 1000);
      const groups = new Map<string, WindowRecord[]>();
      for (const entity of entities) {
        const values = readings(entityKey(entity), count, 1);
        const folder = windowShardPath(hourMs, shardOf(entity.device, SHARDS));
        const windows = values.map((avg, i) => ({
          device: entity.device,
          sensor: entity.sensor!,
          end: new Date(hourMs + i * WINDOW_SECONDS * 1000).toISOString(),
          seconds: WINDOW_SECONDS,
          count: 1,
          values: { avg },
        }));
        groups.set(folder, [...(groups.get(folder) ?? []), ...windows]);
      }
      for (const [folder, windows] of groups) {
        segment += 1;
        await blobs.put(
          `${folder}${segmentName('0', segment, segment, 0)}`,
          formatWindows(windows),
        );
      }
    },
    /** A window blob that is not NDJSON: the scorer dead-letters the job that reads it. */
    async writeCorruptWindows(device: string, hourMs: number) {
      segment += 1;
      const folder = windowShardPath(hourMs, shardOf(device, SHARDS));
      await blobs.put(`${folder}${segmentName('0', segment, segment, 0)}`, 'not a window\n');
    },
    startScorers(workerIds: readonly string[]) {
      for (const workerId of workerIds) {
        const scorerQueue = new BullMqJobQueue<unknown>({ connection, name: queueName });
        scorerQueues.push(scorerQueue);
        scorers.push(
          startScorer(
            { queue: scorerQueue, blobs, ledger, registry, log },
            {
              concurrency: 1,
              threads: 0,
              jobAttempts: 2,
              lockMs: 30_000,
              modelCache: { maxEntries: 100, maxBytes: 64 * 2 ** 20 },
              workerId,
              backoffMs: 50,
              maxBackoffMs: 200,
            },
          ),
        );
      }
    },
    async stopScorers() {
      await Promise.all(scorers.map((scorer) => scorer.close({ deadlineMs: 5_000 })));
      await Promise.all(scorerQueues.map((q) => q.close()));
      scorers.length = 0;
      scorerQueues.length = 0;
    },
    /** Reconciles until the run has ended (the reconciler writes its report); polls, no fixed waits. */
    async untilEnded(runId: string, timeoutMs = 90_000): Promise<RunRecord> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await reconciler.reconcileOnce();
        const run = await ledger.getRun(runId);
        if (run && TERMINAL_RUN_STATES.includes(run.state)) return run;
        if (Date.now() > deadline) throw new Error(`run ${runId} did not end: ${run?.state}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async close() {
      await this.stopScorers();
      await reconciler.close();
      await app.close();
      await queue.close();
      await Promise.allSettled([
        createContainerClient({ connectionString, container }).deleteIfExists(),
        ...Object.values(names).map((name) =>
          createTableClient({ connectionString, table: name }).deleteTable(),
        ),
      ]);
    },
  };
}

export type Fleet = Awaited<ReturnType<typeof startFleet>>;
