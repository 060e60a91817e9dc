// The scorer's composition root: configuration, adapters, the job consumer, health, shutdown.
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { openModelRegistry } from '@fleetscore/registry';
import { bootService, heapLimitWarning, scorerConfigSchema } from '@fleetscore/shared';
import { openBlobStore, openJobQueue } from '@fleetscore/shared/adapters';
import { buildHealthApp } from '@fleetscore/shared/http';
import { openLedger } from '@fleetscore/shared/ledger';
import { readinessChecks } from './readiness.js';
import { startScorer } from './start-scorer.js';

const { config, log, shutdown, telemetry } = await bootService('scorer', scorerConfigSchema);
// Without the heap cap, RSS follows V8's slack, not the jobs (shared config/service/scorer-heap.ts).
const heapWarning = heapLimitWarning(getHeapStatistics().heap_size_limit);
if (heapWarning !== undefined) log.warn(heapWarning);
const [queue, blobs, ledger, registry] = await Promise.all([
  // No depth: on Service Bus no administration client, so Sender + Receiver suffice.
  openJobQueue<unknown>(config, { depth: false }),
  openBlobStore(config.storage),
  openLedger(config.storage),
  openModelRegistry(config.storage),
]);
shutdown.add('queue', () => queue.close());

const scorer = startScorer(
  { queue, blobs, ledger, registry, log },
  {
    concurrency: config.concurrency,
    threads: config.threads ?? availableParallelism(),
    jobAttempts: config.jobAttempts,
    lockMs: config.lockMs,
    modelCache: config.modelCache,
  },
);
// Registered after the queue, so it runs first: stop intake, drain within the deadline.
shutdown.add('scorer', () => scorer.close({ deadlineMs: config.drainMs }));
log.info({ workerId: scorer.workerId }, 'scorer consuming');

const app = buildHealthApp(readinessChecks({ queue, blobs }));
// The process's meter provider in Prometheus text: job, model-cache and runtime metrics.
telemetry.metrics.register(app);
shutdown.add('http', () => app.close());
await app.listen({ host: config.healthHost, port: config.healthPort });
log.info(`scorer health and /metrics on http://${config.healthHost}:${config.healthPort}`);
