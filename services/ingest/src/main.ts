// The ingest service's composition root: configuration, adapters, app, shutdown.
import { bootService, ingestConfigSchema, openEventStream, streamCheck } from '@fleetscore/shared';
import { buildApp } from './app.js';

const { config, log, shutdown } = await bootService('ingest', ingestConfigSchema);
const stream = await openEventStream(config, 'readings');
shutdown.add('stream', () => stream.close());
const streamHealth = await streamCheck(config, stream);
shutdown.add('stream health', () => streamHealth.close());

const app = buildApp({ checks: [streamHealth] });
shutdown.add('http', () => app.close());
await app.listen({ host: config.host, port: config.port });
log.info(`ingest listening on http://${config.host}:${config.port}`);
