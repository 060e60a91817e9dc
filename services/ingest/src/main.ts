// The ingest service's composition root: configuration, adapters, app, shutdown.
import {
  authenticatorOrExit,
  bootService,
  ingestConfigSchema,
  openEventStream,
  streamCheck,
} from '@fleetscore/shared';
import { buildApp } from './app.js';

const { config, log, shutdown, telemetry } = await bootService('ingest', ingestConfigSchema);
// Before any connection is opened: an open API on a public interface refuses to start, with
// the configuration's exit code (2).
const auth = authenticatorOrExit(config, log);
const stream = await openEventStream(config, 'readings');
shutdown.add('stream', () => stream.close());
const streamHealth = await streamCheck(config, stream);
shutdown.add('stream health', () => streamHealth.close());

const app = buildApp({
  checks: [streamHealth],
  stream,
  auth,
  metrics: telemetry.metrics,
  maxBatch: config.maxBatch,
  retryAfterSeconds: config.retryAfterSeconds,
  publishTimeoutMs: config.publishTimeoutMs,
  rateLimit: config.rateLimit,
  logger: log,
});
// Registered last, so it runs first: stop intake before the stream closes.
shutdown.add('http', () => app.close());
await app.listen({ host: config.host, port: config.port });
log.info(`ingest listening on http://${config.host}:${config.port} (auth ${auth.mode})`);
