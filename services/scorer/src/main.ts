// The scorer's composition root: configuration, adapters, health app, shutdown.
import {
  blobCheck,
  bootService,
  buildHealthApp,
  openBlobStore,
  openJobQueue,
  queueCheck,
  scorerConfigSchema,
} from '@fleetscore/shared';

const { config, log, shutdown } = await bootService('scorer', scorerConfigSchema);
const [queue, blobs] = await Promise.all([
  openJobQueue<unknown>(config, 'scoring'),
  openBlobStore(config.storage),
]);
shutdown.add('queue', () => queue.close());

const app = buildHealthApp([queueCheck(queue), blobCheck(blobs)]);
shutdown.add('http', () => app.close());
await app.listen({ host: '127.0.0.1', port: config.healthPort });
log.info(`scorer health on http://127.0.0.1:${config.healthPort}/readyz`);
