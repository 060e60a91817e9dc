import { integer, port, text, variableDocs } from '../variables.js';
import { defineService, doc } from './define.js';
import { authConfig, authVariables, checkAuth, healthHostVariable } from './shared-variables.js';

export const ingestConfigSchema = defineService(
  {
    FLEETSCORE_INGEST_HOST: text()
      .prefault('127.0.0.1')
      .register(variableDocs, doc('Interface the ingest API listens on (0.0.0.0 in a container)')),
    FLEETSCORE_INGEST_PORT: port().prefault('8081').register(variableDocs, doc('Ingest API port')),
    FLEETSCORE_INGEST_MAX_BATCH: integer(1, 100_000)
      .prefault('5000')
      .register(variableDocs, doc('Most readings accepted in one request')),
    FLEETSCORE_INGEST_RETRY_AFTER_SECONDS: integer(1, 3600)
      .prefault('5')
      .register(variableDocs, doc('`Retry-After` of a 503 when the event stream is down, seconds')),
    FLEETSCORE_INGEST_PUBLISH_TIMEOUT_MS: integer(100, 120_000)
      .prefault('10000')
      .register(
        variableDocs,
        doc('How long a publish may take before the request fails with 503, ms'),
      ),
    FLEETSCORE_INGEST_RATE_LIMIT: integer(0, 1_000_000).prefault('600').register(variableDocs, {
      description:
        'Requests one credential (API key, JWT subject; the client IP when open) may make per window, per replica (0: no limit)',
    }),
    FLEETSCORE_INGEST_RATE_LIMIT_WINDOW_SECONDS: integer(1, 86_400)
      .prefault('60')
      .register(variableDocs, doc('The rate limit window, seconds')),
    FLEETSCORE_HEALTH_HOST: healthHostVariable(),
    FLEETSCORE_HEALTH_PORT: port().prefault('9081').register(variableDocs, {
      description:
        'Port of the internal listener: /healthz, /readyz, /metrics, the OpenAPI document (/docs)',
    }),
    ...authVariables,
  },
  (env) => ({
    host: env.FLEETSCORE_INGEST_HOST,
    port: env.FLEETSCORE_INGEST_PORT,
    healthHost: env.FLEETSCORE_HEALTH_HOST,
    healthPort: env.FLEETSCORE_HEALTH_PORT,
    maxBatch: env.FLEETSCORE_INGEST_MAX_BATCH,
    retryAfterSeconds: env.FLEETSCORE_INGEST_RETRY_AFTER_SECONDS,
    publishTimeoutMs: env.FLEETSCORE_INGEST_PUBLISH_TIMEOUT_MS,
    /** `max` 0: no limit. */
    rateLimit: {
      max: env.FLEETSCORE_INGEST_RATE_LIMIT,
      windowSeconds: env.FLEETSCORE_INGEST_RATE_LIMIT_WINDOW_SECONDS,
    },
    ...authConfig(env),
  }),
  checkAuth,
);
