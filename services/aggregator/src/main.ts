// The aggregator's composition root: configuration, adapters, the aggregator, health, shutdown.
import { aggregatorConfigSchema, bootService } from '@fleetscore/shared';
import {
  blobCheck,
  openBlobStore,
  openEventStream,
  streamCheck,
} from '@fleetscore/shared/adapters';
import { buildHealthApp } from '@fleetscore/shared/http';
import { createAggregator } from './app.js';
import { maxReplayEvents } from './replay-buffer.js';

const { config, log, shutdown, telemetry } = await bootService(
  'aggregator',
  aggregatorConfigSchema,
);
// Event Hubs keeps every event since a partition's checkpoint for redelivery: sized from how far
// the checkpoint trails (window + lateness + flush) at the configured rate (replay-buffer.ts).
const replayEvents = maxReplayEvents({
  windowSeconds: config.windowSeconds,
  lateToleranceSeconds: config.lateToleranceSeconds,
  flushSeconds: config.flushSeconds,
  eventsPerSecond: config.partitionEventsPerSecond,
});
const [stream, blobs] = await Promise.all([
  openEventStream(config, 'readings', { maxReplayEvents: replayEvents }),
  openBlobStore(config.storage),
]);
shutdown.add('stream', () => stream.close());
const streamHealth = await streamCheck(config, stream);
shutdown.add('stream health', () => streamHealth.close());

// `--replay` is the command-line spelling of FLEETSCORE_AGGREGATOR_MODE=replay.
const replay = config.mode === 'replay' || process.argv.includes('--replay');
const aggregator = createAggregator(
  { stream, blobs, log },
  {
    ...(config.consumerGroup ? { consumerGroup: config.consumerGroup } : {}),
    windowing: {
      windowMs: config.windowSeconds * 1000,
      latenessMs: config.lateToleranceSeconds * 1000,
      latePolicy: config.latePolicy,
      aggregates: config.aggregates,
      idleTimeoutMs: config.idleTimeoutSeconds * 1000,
      replay,
    },
    shards: config.shards,
    flushMs: config.flushSeconds * 1000,
    windowFormat: config.windowFormat,
    dedupeBatches: config.dedupeBatches,
  },
);
aggregator.start();
// Registered after the stream, so it runs first: stop intake, flush closed windows, checkpoint.
shutdown.add('aggregator', () => aggregator.close());
log.info({ consumerGroup: aggregator.consumerGroup, replay }, 'aggregator consuming');

const app = buildHealthApp([streamHealth, blobCheck(blobs)]);
telemetry.metrics.register(app);
shutdown.add('http', () => app.close());
await app.listen({ host: config.healthHost, port: config.healthPort });
log.info(`aggregator health and /metrics on http://${config.healthHost}:${config.healthPort}`);
