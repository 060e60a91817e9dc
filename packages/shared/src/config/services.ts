import { z } from 'zod';
import { ID_PATTERN } from '../contracts/ids.js';
import { AGGREGATES, type Aggregate } from '../contracts/window.js';
import { WINDOW_FORMATS } from '../windows/formats/names.js';
import { AZURE_ONLY, type BaseConfig, type BaseVariables, baseVariables } from './common.js';
import type { ConfigSchema } from './load.js';
import { checkCommon, type Report, resolveCommon } from './resolve.js';
import { schedules } from './schedules.js';
import {
  integer,
  list,
  matching,
  oneOf,
  port,
  text,
  timeZone,
  url,
  variableDocs,
} from './variables.js';

/**
 * One service's schema: the common variables plus its own, read from an environment object
 * and shaped into `BaseConfig & T`. `check` adds rules across variables; it runs even when a
 * single variable is already invalid, so the one error names every problem.
 */
export function defineService<S extends z.ZodRawShape, T>(
  variables: S,
  build: (env: BaseVariables & z.output<z.ZodObject<S>>) => T,
  check?: (env: BaseVariables & z.output<z.ZodObject<S>>, report: Report) => void,
): ConfigSchema<BaseConfig & T> {
  type Env = BaseVariables & z.output<z.ZodObject<S>>;
  return z
    .object({ ...baseVariables, ...variables })
    .superRefine(
      (parsed, ctx) => {
        const env = parsed as Env;
        const report: Report = (name, message) =>
          ctx.addIssue({ code: 'custom', path: [name], message });
        checkCommon(env, report);
        check?.(env, report);
      },
      { when: () => true },
    )
    .transform((parsed): BaseConfig & T => {
      const env = parsed as Env;
      return { ...resolveCommon(env), ...build(env) };
    });
}

const doc = (description: string) => ({ description });

/** Read by the aggregator (writer) and the scheduler (planner): both must see the same value. */
const shardsVariable = () =>
  integer(1, 4096)
    .prefault('16')
    .register(variableDocs, doc('Device shards of the window blob layout (fixed per deployment)'));

/** Aggregator and scorer: where their health endpoints listen. */
const healthHostVariable = () =>
  text()
    .prefault('127.0.0.1')
    .register(
      variableDocs,
      doc('Interface the health endpoints listen on (0.0.0.0 in a container)'),
    );

/** Retries of a queue job before it is dead-lettered: the scheduler enqueues, the scorer obeys. */
const attemptsVariable = () =>
  integer(1, 100)
    .prefault('5')
    .register(variableDocs, doc('Attempts of a scoring or training job before its dead letter'));

/**
 * Authentication of the HTTP APIs (ingest; the scheduler API can spread these too): API keys
 * by their hashes, and/or Entra ID (OpenID Connect) JWT bearer tokens.
 */
const authVariables = {
  FLEETSCORE_API_KEYS: list(/^[0-9a-fA-F]{64}$/, 'SHA-256 hex digests')
    .optional()
    .register(variableDocs, {
      description:
        'SHA-256 (hex) of each accepted API key. With azure, this or FLEETSCORE_AUTH_ISSUER is required; unset locally, requests need no key on a loopback host only',
      secret: true,
    }),
  FLEETSCORE_AUTH_ISSUER: url('https').optional().register(variableDocs, {
    description:
      'Accept JWT bearer tokens from this issuer, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`',
  }),
  FLEETSCORE_AUTH_AUDIENCE: text()
    .optional()
    .register(variableDocs, doc('The `aud` tokens must carry; required with the issuer')),
  FLEETSCORE_AUTH_JWKS_URL: url('https').optional().register(variableDocs, {
    description: 'Signing keys of the issuer',
    default: "the issuer's OpenID configuration `jwks_uri`",
  }),
};

function authConfig(env: z.output<z.ZodObject<typeof authVariables>>) {
  const issuer = env.FLEETSCORE_AUTH_ISSUER;
  const audience = env.FLEETSCORE_AUTH_AUDIENCE;
  const jwksUrl = env.FLEETSCORE_AUTH_JWKS_URL;
  return {
    /** Lower-case hex; empty means no API key is accepted. */
    apiKeyHashes: (env.FLEETSCORE_API_KEYS ?? []).map((hash) => hash.toLowerCase()),
    jwt: issuer && audience ? { issuer, audience, ...(jwksUrl ? { jwksUrl } : {}) } : undefined,
  };
}

function checkAuth(
  env: BaseVariables & z.output<z.ZodObject<typeof authVariables>>,
  report: Report,
) {
  if ((env.FLEETSCORE_AUTH_ISSUER === undefined) !== (env.FLEETSCORE_AUTH_AUDIENCE === undefined)) {
    report(
      'FLEETSCORE_AUTH_AUDIENCE',
      'the issuer and the audience go together: set both or neither',
    );
  }
  // An open endpoint on the internet would accept anyone's writes.
  const noCredential =
    env.FLEETSCORE_API_KEYS === undefined && env.FLEETSCORE_AUTH_ISSUER === undefined;
  if (env.FLEETSCORE_BACKEND === 'azure' && noCredential) {
    report('FLEETSCORE_API_KEYS', `not set; ${AZURE_ONLY} unless FLEETSCORE_AUTH_ISSUER is set`);
  }
}

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
    ...authVariables,
  },
  (env) => ({
    host: env.FLEETSCORE_INGEST_HOST,
    port: env.FLEETSCORE_INGEST_PORT,
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

export const aggregatorConfigSchema = defineService(
  {
    FLEETSCORE_WINDOW_SECONDS: integer(1, 3600)
      .prefault('5')
      .register(variableDocs, doc('Tumbling window length, seconds of event time')),
    FLEETSCORE_LATE_TOLERANCE_SECONDS: integer(0, 3600)
      .prefault('5')
      .register(variableDocs, doc('How long a window waits for late readings, seconds')),
    FLEETSCORE_LATE_POLICY: oneOf(['drop', 'adjust'] as const)
      .prefault('drop')
      .register(variableDocs, {
        description: 'Readings later than the tolerance: `drop` (audited) or `adjust` (ASA)',
      }),
    FLEETSCORE_AGGREGATES: list(new RegExp(`^(${AGGREGATES.join('|')})$`), AGGREGATES.join('/'))
      .prefault('avg')
      .register(variableDocs, doc(`Aggregates per window: ${AGGREGATES.join(', ')}`)),
    FLEETSCORE_IDLE_TIMEOUT_SECONDS: integer(1, 86_400)
      .prefault('30')
      .register(variableDocs, doc('Wall time after which an idle partition closes its windows')),
    FLEETSCORE_SHARDS: shardsVariable(),
    FLEETSCORE_FLUSH_SECONDS: integer(1, 3600)
      .prefault('10')
      .register(variableDocs, doc('How often closed windows are written to blob, seconds')),
    FLEETSCORE_AGGREGATOR_MODE: oneOf(['live', 'replay'] as const)
      .prefault('live')
      .register(variableDocs, {
        description: '`replay`: backfill with no lateness clamp, in its own consumer group',
      }),
    FLEETSCORE_AGGREGATOR_GROUP: matching(ID_PATTERN, 'letters, digits, _ . - (1–64)')
      .optional()
      .register(variableDocs, {
        description: 'Consumer group on the readings stream',
        default: '`aggregator`, or `aggregator-replay` in replay mode',
      }),
    FLEETSCORE_WINDOW_FORMAT: oneOf(WINDOW_FORMATS)
      .prefault('ndjson')
      .register(
        variableDocs,
        doc('Format of new window blobs: `ndjson`, `csv` or `parquet` (read by extension)'),
      ),
    FLEETSCORE_DEDUPE_BATCHES: integer(0, 10_000_000)
      .prefault('100000')
      .register(
        variableDocs,
        doc('Batch ids remembered per partition to drop re-published batches (0: off)'),
      ),
    FLEETSCORE_HEALTH_HOST: healthHostVariable(),
    FLEETSCORE_HEALTH_PORT: port()
      .prefault('8082')
      .register(variableDocs, doc('Port of the health and readiness endpoints')),
  },
  (env) => ({
    windowSeconds: env.FLEETSCORE_WINDOW_SECONDS,
    lateToleranceSeconds: env.FLEETSCORE_LATE_TOLERANCE_SECONDS,
    latePolicy: env.FLEETSCORE_LATE_POLICY,
    aggregates: env.FLEETSCORE_AGGREGATES as Aggregate[],
    idleTimeoutSeconds: env.FLEETSCORE_IDLE_TIMEOUT_SECONDS,
    shards: env.FLEETSCORE_SHARDS,
    flushSeconds: env.FLEETSCORE_FLUSH_SECONDS,
    mode: env.FLEETSCORE_AGGREGATOR_MODE,
    /** Undefined: the mode's default group (`aggregator` / `aggregator-replay`). */
    consumerGroup: env.FLEETSCORE_AGGREGATOR_GROUP,
    windowFormat: env.FLEETSCORE_WINDOW_FORMAT,
    dedupeBatches: env.FLEETSCORE_DEDUPE_BATCHES,
    healthHost: env.FLEETSCORE_HEALTH_HOST,
    healthPort: env.FLEETSCORE_HEALTH_PORT,
  }),
);

export const schedulerConfigSchema = defineService(
  {
    FLEETSCORE_SCHEDULER_HOST: text()
      .prefault('127.0.0.1')
      .register(variableDocs, doc('Interface the REST API listens on (0.0.0.0 in a container)')),
    FLEETSCORE_SCHEDULER_PORT: port()
      .prefault('8080')
      .register(variableDocs, doc('Scheduler REST API and dashboard port')),
    FLEETSCORE_SCHEDULES: schedules()
      .prefault('hourly=5 * * * *')
      .register(variableDocs, doc('Named cron schedules of scoring runs (`;`-separated)')),
    FLEETSCORE_TIMEZONE: timeZone()
      .prefault('UTC')
      .register(variableDocs, doc('Time zone the cron schedules are read in')),
    FLEETSCORE_RUN_WINDOW_MINUTES: integer(1, 1440).prefault('60').register(variableDocs, {
      description:
        'Event time a scheduled run scores: the last full period of this length before the tick (60: the previous full hour)',
    }),
    FLEETSCORE_CATCH_UP: oneOf(['all', 'latest', 'none'] as const)
      .prefault('latest')
      .register(variableDocs, {
        description:
          'Ticks missed while the scheduler was down: create `all` their runs, the `latest` only, or `none`',
      }),
    FLEETSCORE_CATCH_UP_MAX: integer(1, 1000)
      .prefault('24')
      .register(variableDocs, doc('Most missed runs created per schedule by `all` catch-up')),
    FLEETSCORE_JOB_SIZE: integer(1, 10_000)
      .prefault('50')
      .register(variableDocs, doc('Entities (sensors or devices) per scoring job')),
    FLEETSCORE_JOB_ATTEMPTS: attemptsVariable(),
    FLEETSCORE_SHARDS: shardsVariable(),
    FLEETSCORE_RECONCILE_SECONDS: integer(1, 3600)
      .prefault('5')
      .register(
        variableDocs,
        doc('How often active runs are checked for completion and late dead letters, seconds'),
      ),
    FLEETSCORE_PLANNING_GRACE_SECONDS: integer(1, 3600)
      .prefault('60')
      .register(
        variableDocs,
        doc('How long a run may stay planning before the reconciler resumes its launch, seconds'),
      ),
    FLEETSCORE_SCALE_JOBS_PER_REPLICA: integer(1, 256).prefault('2').register(variableDocs, {
      description:
        'Jobs one scorer replica runs at once (its FLEETSCORE_SCORER_CONCURRENCY), for `/v1/scaling`',
    }),
    FLEETSCORE_SCALE_MIN: integer(0, 1000)
      .prefault('0')
      .register(
        variableDocs,
        doc('Fewest scorer replicas `/v1/scaling` asks for (0: scale to zero)'),
      ),
    FLEETSCORE_SCALE_MAX: integer(1, 1000)
      .prefault('10')
      .register(variableDocs, doc('Most scorer replicas `/v1/scaling` asks for')),
    FLEETSCORE_API_PUBLIC_READS: oneOf(['true', 'false'] as const)
      .prefault('false')
      .register(variableDocs, doc('`true`: GET routes of the REST API need no credential')),
    ...authVariables,
  },
  (env) => ({
    host: env.FLEETSCORE_SCHEDULER_HOST,
    port: env.FLEETSCORE_SCHEDULER_PORT,
    schedules: env.FLEETSCORE_SCHEDULES,
    timeZone: env.FLEETSCORE_TIMEZONE,
    runWindowMinutes: env.FLEETSCORE_RUN_WINDOW_MINUTES,
    catchUp: env.FLEETSCORE_CATCH_UP,
    catchUpMax: env.FLEETSCORE_CATCH_UP_MAX,
    jobSize: env.FLEETSCORE_JOB_SIZE,
    jobAttempts: env.FLEETSCORE_JOB_ATTEMPTS,
    shards: env.FLEETSCORE_SHARDS,
    reconcileSeconds: env.FLEETSCORE_RECONCILE_SECONDS,
    planningGraceSeconds: env.FLEETSCORE_PLANNING_GRACE_SECONDS,
    scaling: {
      jobsPerReplica: env.FLEETSCORE_SCALE_JOBS_PER_REPLICA,
      min: env.FLEETSCORE_SCALE_MIN,
      max: env.FLEETSCORE_SCALE_MAX,
    },
    publicReads: env.FLEETSCORE_API_PUBLIC_READS === 'true',
    ...authConfig(env),
  }),
  (env, report) => {
    checkAuth(env, report);
    if (env.FLEETSCORE_SCALE_MIN > env.FLEETSCORE_SCALE_MAX)
      report('FLEETSCORE_SCALE_MIN', 'is above FLEETSCORE_SCALE_MAX');
  },
);

export const scorerConfigSchema = defineService(
  {
    FLEETSCORE_SCORER_CONCURRENCY: integer(1, 256)
      .prefault('2')
      .register(variableDocs, doc('Jobs one scorer process runs at once')),
    FLEETSCORE_SCORER_THREADS: integer(0, 256).optional().register(variableDocs, {
      description: 'Worker threads that run the SVM (0: score on the main thread)',
      default: 'the number of CPU cores',
    }),
    FLEETSCORE_JOB_ATTEMPTS: attemptsVariable(),
    FLEETSCORE_DRAIN_SECONDS: integer(1, 3600).prefault('30').register(variableDocs, {
      description:
        'On SIGTERM, how long running jobs may take before they are handed back, seconds',
    }),
    FLEETSCORE_LOCK_SECONDS: integer(5, 3600)
      .prefault('30')
      .register(variableDocs, doc('Job lock, renewed while a job runs, seconds')),
    FLEETSCORE_HEALTH_HOST: healthHostVariable(),
    FLEETSCORE_HEALTH_PORT: port()
      .prefault('8083')
      .register(variableDocs, doc('Port of the health and readiness endpoints')),
    FLEETSCORE_MODEL_CACHE_ENTRIES: integer(1, 1_000_000)
      .prefault('1000')
      .register(variableDocs, doc('Most models kept in memory')),
    FLEETSCORE_MODEL_CACHE_MB: integer(1, 65_536)
      .prefault('256')
      .register(variableDocs, doc('Most memory the model cache holds, MiB')),
  },
  (env) => ({
    concurrency: env.FLEETSCORE_SCORER_CONCURRENCY,
    /** Undefined: one per CPU core. */
    threads: env.FLEETSCORE_SCORER_THREADS,
    jobAttempts: env.FLEETSCORE_JOB_ATTEMPTS,
    drainMs: env.FLEETSCORE_DRAIN_SECONDS * 1000,
    lockMs: env.FLEETSCORE_LOCK_SECONDS * 1000,
    healthHost: env.FLEETSCORE_HEALTH_HOST,
    healthPort: env.FLEETSCORE_HEALTH_PORT,
    modelCache: {
      maxEntries: env.FLEETSCORE_MODEL_CACHE_ENTRIES,
      maxBytes: env.FLEETSCORE_MODEL_CACHE_MB * 1024 * 1024,
    },
  }),
);

/** Every service's schema, by service name: for the generated docs and tests. */
export const configSchemas = {
  ingest: ingestConfigSchema,
  aggregator: aggregatorConfigSchema,
  scheduler: schedulerConfigSchema,
  scorer: scorerConfigSchema,
};

export type IngestConfig = z.output<typeof ingestConfigSchema>;
export type AggregatorConfig = z.output<typeof aggregatorConfigSchema>;
export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;
export type ScorerConfig = z.output<typeof scorerConfigSchema>;
