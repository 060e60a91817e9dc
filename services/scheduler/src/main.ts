// The scheduler's composition root: configuration, adapters, app, shutdown.
import {
  blobCheck,
  bootService,
  openBlobStore,
  openJobQueue,
  openRecordTable,
  queueCheck,
  schedulerConfigSchema,
  tableCheck,
} from '@fleetscore/shared';
import { buildApp } from './app.js';

const { config, log, shutdown } = await bootService('scheduler', schedulerConfigSchema);
const [runs, queue, blobs] = await Promise.all([
  openRecordTable<object>(config.storage, 'runs'),
  openJobQueue<unknown>(config, 'scoring'),
  openBlobStore(config.storage),
]);
shutdown.add('queue', () => queue.close());

const app = buildApp({ checks: [tableCheck('runs', runs), queueCheck(queue), blobCheck(blobs)] });
shutdown.add('http', () => app.close());
await app.listen({ host: '127.0.0.1', port: config.port });
log.info(`scheduler listening on http://127.0.0.1:${config.port}`);
