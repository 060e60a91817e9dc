import { integer, port, variableDocs } from '../variables.js';
import { defineService, doc } from './define.js';
import { attemptsVariable, healthHostVariable } from './shared-variables.js';

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
