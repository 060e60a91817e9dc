// The scheduler's composition root: configuration, adapters, the run service, the schedule
// loop, the reconciler, the REST API, shutdown.
import { openModelRegistry } from '@fleetscore/registry';
import {
  authenticatorOrExit,
  blobCheck,
  bootService,
  type JobPayload,
  openBlobStore,
  openJobQueue,
  openLedger,
  openRecordTable,
  queueCheck,
  schedulerConfigSchema,
  tableCheck,
} from '@fleetscore/shared';
import { buildApp } from './app.js';
import { Reconciler } from './reconcile/reconciler.js';
import type { RunDeps } from './runs/deps.js';
import { createRunService } from './runs/run-service-impl.js';
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
    reconciler.watch(jobId.slice(0, jobId.lastIndexOf('/')));
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

const app = await buildApp({
  checks: [tableCheck('runs', runsTable), queueCheck(queue), blobCheck(blobs)],
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
  // The process's meter: the app's gauges reach `/metrics` and the configured exporter.
  metrics: telemetry.metrics,
  log,
});
// Registered last, so it runs first: stop taking requests before the loops and queue stop.
shutdown.add('http', () => app.close());
await app.listen({ host: config.host, port: config.port });
log.info(
  `scheduler API on http://${config.host}:${config.port} (docs at /docs, auth ${auth.mode})`,
);
