// The scheduler's composition root: configuration, adapters, the run service, the schedule
// loop, the reconciler, the REST API, shutdown.
import { openModelRegistry } from '@fleetscore/registry';
import {
  bootService,
  type JobPayload,
  parseJobId,
  schedulerConfigSchema,
} from '@fleetscore/shared';
import {
  blobCheck,
  openBlobStore,
  openJobQueue,
  openRecordTable,
  queueCheck,
  tableCheck,
} from '@fleetscore/shared/adapters';
import { authenticatorOrExit } from '@fleetscore/shared/http';
import { openLedger } from '@fleetscore/shared/ledger';
import { buildApp } from './app.js';
import { buildOpsApp } from './ops/ops-app.js';
import { Reconciler } from './reconcile/reconciler.js';
import type { RunDeps } from './runs/deps.js';
import { createRunService } from './runs/ledger-run-service.js';
import { Scheduler } from './schedule/scheduler.js';

const { config, log, shutdown, telemetry } = await bootService('scheduler', schedulerConfigSchema);
// Before any connection is opened: an open API on a public interface refuses to start, with
// the configuration's exit code (2).
const auth = authenticatorOrExit(config, log);

const [queue, blobs, ledger, registry, runsTable] = await Promise.all([
  openJobQueue<JobPayload>(config),
  openBlobStore(config.storage),
  openLedger(config.storage),
  openModelRegistry(config.storage),
  // Readiness only: the ledger's own table, probed the way every service probes storage.
  openRecordTable<object>(config.storage, 'runs'),
]);
shutdown.add('queue', () => queue.close());

const runDeps: RunDeps = {
  ledger,
  registry,
  queue,
  blobs,
  shards: config.shards,
  jobSize: config.jobSize,
  log,
};
const reconciler = new Reconciler({
  runs: runDeps,
  intervalMs: config.reconcileSeconds * 1000,
  planningGraceMs: config.planningGraceSeconds * 1000,
  log,
});
reconciler.start();
// The reconciler follows the runs this replica starts by id too: backfills of old windows
// (older than its look-back) would otherwise never end.
const service = createRunService(runDeps);
const followed = async <T extends { id: string }>(run: Promise<T>) => {
  const started = await run;
  reconciler.watch(started.id);
  return started;
};
const runs: typeof service = {
  ...service,
  trigger: (request) => followed(service.trigger(request)),
  train: (request) => followed(service.train(request)),
  retry: async (runId) => {
    const result = await service.retry(runId);
    reconciler.watch(runId);
    return result;
  },
  replayDeadLetter: async (jobId) => {
    const result = await service.replayDeadLetter(jobId);
    // The service has parsed the id: it throws for one that is not a job's.
    const job = parseJobId(jobId);
    if (job !== undefined) reconciler.watch(job.runId);
    return result;
  },
};
shutdown.add('reconciler', () => reconciler.close());

const scheduler = new Scheduler({
  schedules: config.schedules,
  timeZone: config.timeZone,
  runWindowMinutes: config.runWindowMinutes,
  catchUp: config.catchUp,
  catchUpMax: config.catchUpMax,
  ticks: ledger,
  runs: runDeps,
  log,
});
await scheduler.start();
shutdown.add('scheduler', () => scheduler.close());

// Bull Board reads BullMQ's own keys: only the local backend has them.
const queueBoard =
  config.backend.kind === 'local'
    ? (await import('@fleetscore/shared/local')).bullMqQueueOf(queue)
    : undefined;
const checks = [tableCheck('runs', runsTable), queueCheck(queue), blobCheck(blobs)];
const app = await buildApp({
  checks,
  runs,
  ledger,
  registry,
  queue,
  blobs,
  schedules: config.schedules,
  timeZone: config.timeZone,
  auth,
  publicReads: config.publicReads,
  scaling: config.scaling,
  ...(queueBoard ? { queueBoard } : {}),
  log,
});
const ops = await buildOpsApp({
  checks,
  queue,
  ledger,
  scaling: config.scaling,
  openApi: app.swagger(),
  // The process's meter: the scheduler's gauges reach `/metrics` and the configured exporter.
  metrics: telemetry.metrics,
  log,
});
// Registered last, so they run first: stop taking requests before the loops and queue stop.
shutdown.add('http', () => Promise.all([app.close(), ops.close()]).then(() => {}));
// The API first: once /readyz answers, the API does too.
await app.listen({ host: config.host, port: config.port });
await ops.listen({ host: config.healthHost, port: config.healthPort });
log.info(
  `scheduler API and dashboard on http://${config.host}:${config.port} (auth ${auth.mode}${queueBoard ? ', queue board at /queues' : ''}); health, metrics, scaling and docs (/docs) on http://${config.healthHost}:${config.healthPort}`,
);
