import { createModelRegistry, type ModelRegistry } from '@fleetscore/registry';
import {
  type EntityOutcome,
  type JobPayload,
  type JobQueue,
  type NewJob,
  parseEntityKey,
  type ReceivedJob,
  type ScoringJob,
} from '@fleetscore/shared';
import {
  AzureBlobStore,
  AzureRecordTable,
  createContainerClient,
  createTableClient,
} from '@fleetscore/shared/azure';
import { createLedger, type TableLedger } from '@fleetscore/shared/ledger';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { fitOneClassSvm, type OcsvmModel } from '@fleetscore/svm';
import type { RunDeps } from '../deps.js';

/**
 * The run machinery on the real local stack for integration tests: fresh tables, container and
 * queue per stack, the real registry, a clock the test sets, and a stand-in for the scorer.
 */
export interface RunStack {
  deps: RunDeps & { ledger: TableLedger };
  /** The real registry behind `deps.registry`, whole. */
  registry: ModelRegistry;
  queue: BullMqJobQueue<JobPayload>;
  /** Every Redis key of `queue` starts with this (to make the queue lose its state). */
  queuePrefix: string;
  clock: { now: Date };
  /** Registers a model for each entity key (a tiny fitted one-class SVM). */
  addModels(keys: readonly string[]): Promise<void>;
  /** Another replica's deps over the same tables, blobs and queue, counting its enqueues. */
  replica(): { deps: RunDeps & { ledger: TableLedger }; enqueued: string[] };
  close(): Promise<void>;
}

let model: OcsvmModel | undefined;
function tinyModel(): OcsvmModel {
  model ??= fitOneClassSvm(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 1, {
    features: ['Value'],
  });
  return model;
}

export async function runStack(options: { shards?: number; jobSize?: number; now: Date }) {
  const { storageConnectionString: connectionString, redisUrl } = testStack();
  const names = {
    runs: uniqueName('runs'),
    jobs: uniqueName('jobs'),
    models: uniqueName('models'),
  };
  const container = uniqueName('runs');
  const table = (name: string) =>
    AzureRecordTable.connect<object>({ connectionString, table: name });
  const [runs, jobs, models, blobs] = await Promise.all([
    table(names.runs),
    table(names.jobs),
    table(names.models),
    AzureBlobStore.connect({ connectionString, container }),
  ]);
  const queuePrefix = uniqueName('fsrun');
  const queue = new BullMqJobQueue<JobPayload>({
    connection: { url: redisUrl },
    name: 'scoring',
    prefix: queuePrefix,
  });
  const clock = { now: options.now };
  const registry = createModelRegistry({ blobs, table: models, clock: () => clock.now });
  const build = (q: JobQueue<JobPayload>) => ({
    ledger: createLedger({ runs, jobs, now: () => clock.now }),
    registry,
    queue: q,
    blobs,
    shards: options.shards ?? 4,
    jobSize: options.jobSize ?? 2,
    clock: () => clock.now,
  });
  const stack: RunStack = {
    deps: build(queue),
    registry,
    queue,
    queuePrefix,
    clock,
    async addModels(keys) {
      for (const key of keys) {
        const entity = parseEntityKey(key);
        if (entity === undefined) throw new Error(`not an entity key: ${key}`);
        await registry.register(entity, tinyModel());
      }
    },
    replica() {
      const enqueued: string[] = [];
      const counting: JobQueue<JobPayload> = {
        enqueue: (job: NewJob<JobPayload>, o) => {
          enqueued.push(job.id);
          return queue.enqueue(job, o);
        },
        consume: (handler, o) => queue.consume(handler, o),
        probe: (o) => queue.probe(o),
        depth: () => queue.depth(),
        deadLetters: (o) => queue.deadLetters(o),
        replayDeadLetter: (id, o) => queue.replayDeadLetter(id, o),
        close: () => queue.close(),
      };
      return { deps: build(counting), enqueued };
    },
    async close() {
      await queue.close();
      await Promise.all([
        ...Object.values(names).map((name) =>
          createTableClient({ connectionString, table: name }).deleteTable(),
        ),
        createContainerClient({ connectionString, container }).deleteIfExists(),
      ]);
    },
  };
  return stack;
}

/** What the stand-in scorer does with a job: its outcomes, or an error to throw. */
export type Script = (
  job: ScoringJob,
  attempt: number,
) => { outcomes?: EntityOutcome[]; unmodelled?: string[] } | Error;

/**
 * Consumes the stack's queue the way the scorer will record jobs in the ledger: `running` on
 * delivery, then `succeeded` with summary, problems and unmodelled sensors; a thrown error is
 * left to the queue (retry or dead letter) and not recorded, as if the scorer had died.
 * Entities the script does not mention are scored with one row and no anomaly.
 */
export function standInScorer(stack: RunStack, script: Script = () => ({})) {
  const { ledger } = stack.deps;
  const received: ReceivedJob<JobPayload>[] = [];
  const consumer = stack.queue.consume(
    async (job) => {
      received.push(job);
      const payload = job.payload;
      if (payload.kind !== 'score') throw new Error('the stand-in only scores');
      await ledger.updateJob(payload.runId, payload.jobIndex, (record) => ({
        ...record,
        state: 'running',
        attempts: job.attempt,
        startedAt: stack.clock.now.toISOString(),
      }));
      const result = script(payload, job.attempt);
      if (result instanceof Error) throw result;
      const told = new Map((result.outcomes ?? []).map((o) => [o.entity, o]));
      const outcomes = payload.entities.map(
        ({ entity, version }): EntityOutcome =>
          told.get(entity) ?? {
            entity,
            status: 'scored',
            rows: 1,
            anomalies: 0,
            modelVersion: version,
          },
      );
      const count = (status: EntityOutcome['status']) =>
        outcomes.filter((o) => o.status === status).length;
      await ledger.updateJob(payload.runId, payload.jobIndex, (record) => ({
        ...record,
        state: 'succeeded',
        endedAt: stack.clock.now.toISOString(),
        workerId: 'stand-in',
        summary: {
          scored: count('scored'),
          noData: count('no-data'),
          noModel: count('no-model'),
          failed: count('failed'),
          rows: outcomes.reduce((sum, o) => sum + o.rows, 0),
          anomalies: outcomes.reduce((sum, o) => sum + o.anomalies, 0),
        },
        problems: outcomes.filter((o) => o.status !== 'scored'),
        ...(payload.reportUnmodelled && result.unmodelled ? { unmodelled: result.unmodelled } : {}),
      }));
    },
    { concurrency: 4, maxAttempts: 3, backoffMs: 50, maxBackoffMs: 200, lockMs: 10_000 },
  );
  return { received, close: () => consumer.close({ deadlineMs: 5_000 }) };
}

/** Polls `check` until it returns a value (not `undefined`), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
