// Integration-test harness: a unique Azurite container, tables and BullMQ queue per test, the
// real ledger and registry on them, windows written in the aggregator's layout, and scorers
// built from the real adapters. Not part of the service.

import { type ModelRegistry, openModelRegistry } from '@fleetscore/registry';
import {
  type BlobStore,
  createLogger,
  type Entity,
  entityKey,
  HOUR_MS,
  type JobPayload,
  type JobQueue,
  jobId,
  runId as makeRunId,
  mulberry32,
  segmentName,
  shardOf,
  type WindowRecord,
  windowShardPath,
} from '@fleetscore/shared';
import { AzureBlobStore, createContainerClient, createTableClient } from '@fleetscore/shared/azure';
import { type JobRecord, type Ledger, type NewRun, openLedger } from '@fleetscore/shared/ledger';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { formatWindows } from '@fleetscore/shared/windows';
import { fitOneClassSvm, type OcsvmModel } from '@fleetscore/svm';
import { type Scorer, type ScorerOptions, startScorer } from './start-scorer.js';

const { redisUrl, storageConnectionString: connectionString } = testStack();
export const SHARDS = 4;
export const HOUR = '2026-11-25T10:00:00.000Z';
export const NEXT_HOUR = '2026-11-25T11:00:00.000Z';
const log = createLogger({
  service: 'scorer-test',
  level: process.env.SCORER_TEST_LOG === '1' ? 'debug' : 'silent',
});

/** A sensor's synthetic readings: a level of its own plus noise, with a few spikes. */
export function sensorValues(key: string, n: number, seed = 1): number[] {
  const random = mulberry32(seed * 7919 + [...key].reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  const level = 10 + (key.length % 5) * 3;
  return Array.from({ length: n }, (_, i) =>
    i % 97 === 13 ? level + 25 * random() : level + (random() - 0.5) * 2,
  );
}

/** `count` windows of 5 s per sensor, ending at `from` + 0 s, 5 s, … (end-inclusive). */
export function sensorWindows(
  sensors: readonly Entity[],
  from = HOUR,
  count = 720,
): WindowRecord[] {
  const start = Date.parse(from);
  return sensors.flatMap((sensor) => {
    const values = sensorValues(entityKey(sensor), count);
    return values.map((avg, i) => ({
      device: sensor.device,
      sensor: sensor.sensor!,
      end: new Date(start + i * 5000).toISOString(),
      seconds: 5,
      count: 1,
      values: { avg },
    }));
  });
}

/** A model fitted on the sensor's training readings (another seed than the scored ones). */
export function fitSensorModel(key: string, features = ['Value']): OcsvmModel {
  const d = features.length;
  const rows = Float64Array.from(sensorValues(key, 300 * d, 2));
  return fitOneClassSvm(rows, d, { nu: 0.05, gamma: 0.5, standardize: true, features });
}

export const sensorsOf = (devices: number, perDevice: number, prefix = 'dev'): Entity[] =>
  Array.from({ length: devices * perDevice }, (_, i) => ({
    device: `${prefix}${Math.floor(i / perDevice)}`,
    sensor: `s${i % perDevice}`,
  }));

export type Harness = Awaited<ReturnType<typeof scorerHarness>>;

/** `queue`: another backend's queue (the Service Bus adapter over the fake); default BullMQ. */
export async function scorerHarness(options: { queue?: JobQueue<unknown> } = {}) {
  const container = uniqueName('scorer');
  const tablePrefix = uniqueName('t');
  const queueName = uniqueName('scoring');
  const storage = { connectionString, container, tablePrefix };
  const blobs: BlobStore = await AzureBlobStore.connect({ connectionString, container });
  const [ledger, registry] = await Promise.all([openLedger(storage), openModelRegistry(storage)]);
  const queue =
    options.queue ??
    new BullMqJobQueue<unknown>({ connection: { url: redisUrl }, name: queueName });
  const scorers: Scorer[] = [];
  let segment = 0;

  const harness = {
    blobs,
    ledger: ledger as Ledger,
    registry: registry as ModelRegistry,
    queue,
    queueName,
    storage,
    /** Writes windows as the aggregator does: one segment blob per (hour, shard). */
    async writeWindows(windows: readonly WindowRecord[]) {
      const groups = new Map<string, WindowRecord[]>();
      for (const w of windows) {
        const hour = Math.floor(Date.parse(w.end) / HOUR_MS) * HOUR_MS;
        const folder = windowShardPath(hour, shardOf(w.device, SHARDS));
        groups.set(folder, [...(groups.get(folder) ?? []), w]);
      }
      for (const [folder, group] of groups) {
        segment += 1;
        await blobs.put(`${folder}${segmentName('0', segment, segment, 0)}`, formatWindows(group));
      }
    },
    /** Registers a fitted model for each sensor; returns the versions by entity key. */
    async registerModels(entities: readonly Entity[]) {
      const versions = new Map<string, number>();
      for (const entity of entities) {
        const key = entityKey(entity);
        const registered = await registry.register(entity, fitSensorModel(key));
        versions.set(key, registered.version);
      }
      return versions;
    },
    /** Records a run and its jobs in the ledger and enqueues them, as the scheduler does. */
    async plan(run: NewRun, jobs: readonly JobPayload[]) {
      await ledger.createRun(run);
      await ledger.putJobs(
        jobs.map((job) => ({
          runId: job.runId,
          index: job.jobIndex,
          shard: job.shard,
          size: job.entities.length,
        })),
      );
      for (const job of jobs)
        await queue.enqueue({ id: jobId(job.runId, job.jobIndex), payload: job });
    },
    start(
      options: Partial<ScorerOptions> = {},
      deps: { blobs?: BlobStore; registry?: ModelRegistry } = {},
    ) {
      const scorer = startScorer(
        { queue, blobs: deps.blobs ?? blobs, ledger, registry: deps.registry ?? registry, log },
        {
          concurrency: 2,
          threads: 1,
          jobAttempts: 3,
          lockMs: 10_000,
          modelCache: { maxEntries: 100, maxBytes: 64 * 2 ** 20 },
          backoffMs: 50,
          maxBackoffMs: 200,
          ...options,
        },
      );
      scorers.push(scorer);
      return scorer;
    },
    /** Polls the run's job records until `done` holds for all of them. */
    async waitForJobs(
      runId: string,
      done: (job: JobRecord) => boolean,
      timeoutMs = 45_000,
    ): Promise<JobRecord[]> {
      const deadline = Date.now() + timeoutMs;
      let last: JobRecord[] = [];
      while (Date.now() < deadline) {
        last = await ledger.listJobs(runId);
        if (last.length > 0 && last.every(done)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`jobs of ${runId} not done in time: ${JSON.stringify(last)}`);
    },
    async text(name: string): Promise<string> {
      const blob = await blobs.get(name);
      if (blob === undefined) throw new Error(`no blob ${name}`);
      return blob.body.toString('utf8');
    },
    async names(prefix: string): Promise<string[]> {
      const names: string[] = [];
      for await (const item of blobs.list(prefix)) names.push(item.name);
      return names;
    },
    async cleanup() {
      await Promise.allSettled(scorers.map((s) => s.close({ deadlineMs: 1_000 })));
      await queue.close();
      await createContainerClient({ connectionString, container }).deleteIfExists();
      await Promise.allSettled(
        ['runs', 'jobs', 'models'].map((t) =>
          createTableClient({ connectionString, table: `${tablePrefix}${t}` }).deleteTable(),
        ),
      );
    },
  };
  return harness;
}

export const terminal = (job: JobRecord) =>
  job.state === 'succeeded' || job.state === 'dead-lettered' || job.state === 'cancelled';

/** A run id for a window at HOUR (`api-20261125T1000Z-k3x9q1`), unique per call by its suffix. */
export const newRunId = (name = 'api') =>
  makeRunId(name, new Date(HOUR), Math.random().toString(36).slice(2, 10));

/** A scoring run over `[HOUR, NEXT_HOUR)`. */
export function scoreRun(id: string): NewRun {
  return { id, kind: 'score', trigger: { kind: 'api' }, from: HOUR, to: NEXT_HOUR };
}

/** Scoring jobs, one per shard of the entities, each with its planned versions. */
export function scoringJobs(
  runId: string,
  versions: ReadonlyMap<string, number>,
  reportUnmodelled = false,
): JobPayload[] {
  const byShard = new Map<number, { entity: string; version: number }[]>();
  for (const [entity, version] of [...versions].sort()) {
    const shard = shardOf(entity.split('/')[0]!, SHARDS);
    byShard.set(shard, [...(byShard.get(shard) ?? []), { entity, version }]);
  }
  return [...byShard].map(([shard, entities], jobIndex) => ({
    kind: 'score',
    runId,
    jobIndex,
    from: HOUR,
    to: NEXT_HOUR,
    shard,
    entities,
    reportUnmodelled,
  }));
}

/** Parses a prediction blob into records keyed by column. */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}
