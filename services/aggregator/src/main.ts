// The aggregator's composition root: configuration, adapters, health app, shutdown.
import {
  aggregatorConfigSchema,
  blobCheck,
  bootService,
  buildHealthApp,
  openBlobStore,
  openEventStream,
  streamCheck,
} from '@fleetscore/shared';

const { config, log, shutdown } = await bootService('aggregator', aggregatorConfigSchema);
const [stream, blobs] = await Promise.all([
  openEventStream(config, 'readings'),
  openBlobStore(config.storage),
]);
shutdown.add('stream', () => stream.close());
const streamHealth = await streamCheck(config, stream);
shutdown.add('stream health', () => streamHealth.close());

const app = buildHealthApp([streamHealth, blobCheck(blobs)]);
shutdown.add('http', () => app.close());
await app.listen({ host: '127.0.0.1', port: config.healthPort });
log.info(`aggregator health on http://127.0.0.1:${config.healthPort}/readyz`);
