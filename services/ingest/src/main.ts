// The ingest service's composition root: configuration, adapters, app, shutdown.
import { bootService, ingestConfigSchema } from '@fleetscore/shared';
import { openEventPublisher, publisherCheck } from '@fleetscore/shared/adapters';
import { authenticatorOrExit } from '@fleetscore/shared/http';
import { buildApp, buildOpsApp } from './app.js';

const { config, log, shutdown, telemetry } = await bootService('ingest', ingestConfigSchema);
// Before any connection is opened: an open API on a public interface refuses to start, with
// the configuration's exit code (2).
const auth = authenticatorOrExit(config, log);
// Publish only: a producer and nothing else — no checkpoint store, no storage (least privilege).
const stream = await openEventPublisher(config, 'readings');
shutdown.add('stream', () => stream.close());
const streamHealth = await publisherCheck(config, stream);
shutdown.add('stream health', () => streamHealth.close());

const app = buildApp({
  stream,
  auth,
  metrics: telemetry.metrics,
  maxBatch: config.maxBatch,
  retryAfterSeconds: config.retryAfterSeconds,
  publishTimeoutMs: config.publishTimeoutMs,
  rateLimit: config.rateLimit,
  logger: log,
});
await app.ready();
const ops = await buildOpsApp({
  checks: [streamHealth],
  metrics: telemetry.metrics,
  openApi: app.swagger(),
  logger: log,
});
// Registered last, so it runs first: stop intake before the stream closes.
shutdown.add('http', () => Promise.all([app.close(), ops.close()]).then(() => {}));
// The API first: once /readyz answers, the API does too.
await app.listen({ host: config.host, port: config.port });
await ops.listen({ host: config.healthHost, port: config.healthPort });
log.info(
  `ingest API on http://${config.host}:${config.port} (auth ${auth.mode}); health, metrics and docs (/docs) on http://${config.healthHost}:${config.healthPort}`,
);
