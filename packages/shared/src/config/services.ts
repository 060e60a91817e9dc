import { z } from 'zod';
import { AZURE_ONLY, type BaseConfig, type BaseVariables, baseVariables } from './common.js';
import type { ConfigSchema } from './load.js';
import { checkCommon, type Report, resolveCommon } from './resolve.js';
import { schedules } from './schedules.js';
import { integer, list, port, text, timeZone, variableDocs } from './variables.js';

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

export const ingestConfigSchema = defineService(
  {
    FLEETSCORE_INGEST_HOST: text()
      .prefault('127.0.0.1')
      .register(variableDocs, doc('Interface the ingest API listens on (0.0.0.0 in a container)')),
    FLEETSCORE_INGEST_PORT: port().prefault('8081').register(variableDocs, doc('Ingest API port')),
    FLEETSCORE_INGEST_MAX_BATCH: integer(1, 100_000)
      .prefault('5000')
      .register(variableDocs, doc('Most readings accepted in one request')),
    FLEETSCORE_API_KEYS: list(/^[0-9a-fA-F]{64}$/, 'SHA-256 hex digests')
      .optional()
      .register(variableDocs, {
        description: `SHA-256 (hex) of each accepted API key; ${AZURE_ONLY}, unset locally means no key is asked for`,
        secret: true,
      }),
  },
  (env) => ({
    host: env.FLEETSCORE_INGEST_HOST,
    port: env.FLEETSCORE_INGEST_PORT,
    maxBatch: env.FLEETSCORE_INGEST_MAX_BATCH,
    /** Lower-case hex; empty only on the local backend, where requests need no key. */
    apiKeyHashes: (env.FLEETSCORE_API_KEYS ?? []).map((hash) => hash.toLowerCase()),
  }),
  (env, report) => {
    // An open ingest endpoint on the internet would accept anyone's readings.
    if (env.FLEETSCORE_BACKEND === 'azure' && env.FLEETSCORE_API_KEYS === undefined) {
      report('FLEETSCORE_API_KEYS', `not set; ${AZURE_ONLY}`);
    }
  },
);

export const aggregatorConfigSchema = defineService(
  {
    FLEETSCORE_WINDOW_SECONDS: integer(1, 3600)
      .prefault('5')
      .register(variableDocs, doc('Tumbling window length, seconds of event time')),
    FLEETSCORE_LATE_TOLERANCE_SECONDS: integer(0, 3600)
      .prefault('5')
      .register(variableDocs, doc('How long a window waits for late readings, seconds')),
    FLEETSCORE_HEALTH_PORT: port()
      .prefault('8082')
      .register(variableDocs, doc('Port of the health and readiness endpoints')),
  },
  (env) => ({
    windowSeconds: env.FLEETSCORE_WINDOW_SECONDS,
    lateToleranceSeconds: env.FLEETSCORE_LATE_TOLERANCE_SECONDS,
    healthPort: env.FLEETSCORE_HEALTH_PORT,
  }),
);

export const schedulerConfigSchema = defineService(
  {
    FLEETSCORE_SCHEDULER_PORT: port()
      .prefault('8080')
      .register(variableDocs, doc('Scheduler REST API and dashboard port')),
    FLEETSCORE_SCHEDULES: schedules()
      .prefault('hourly=5 * * * *')
      .register(variableDocs, doc('Named cron schedules of scoring runs (`;`-separated)')),
    FLEETSCORE_TIMEZONE: timeZone()
      .prefault('UTC')
      .register(variableDocs, doc('Time zone the cron schedules are read in')),
    FLEETSCORE_JOB_SIZE: integer(1, 10_000)
      .prefault('50')
      .register(variableDocs, doc('Devices per scoring job')),
  },
  (env) => ({
    port: env.FLEETSCORE_SCHEDULER_PORT,
    schedules: env.FLEETSCORE_SCHEDULES,
    timeZone: env.FLEETSCORE_TIMEZONE,
    jobSize: env.FLEETSCORE_JOB_SIZE,
  }),
);

export const scorerConfigSchema = defineService(
  {
    FLEETSCORE_SCORER_CONCURRENCY: integer(1, 256)
      .prefault('2')
      .register(variableDocs, doc('Jobs one scorer process runs at once')),
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
