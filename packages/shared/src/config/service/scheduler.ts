import { schedules } from '../schedules.js';
import { integer, oneOf, port, text, timeZone, variableDocs } from '../variables.js';
import { defineService, doc } from './define.js';
import {
  attemptsVariable,
  authConfig,
  authVariables,
  checkAuth,
  healthHostVariable,
  shardsVariable,
} from './shared-variables.js';

export const schedulerConfigSchema = defineService(
  {
    FLEETSCORE_SCHEDULER_HOST: text()
      .prefault('127.0.0.1')
      .register(
        variableDocs,
        doc('Interface the REST API and dashboard listen on (0.0.0.0 in a container)'),
      ),
    FLEETSCORE_SCHEDULER_PORT: port()
      .prefault('8080')
      .register(variableDocs, doc('Scheduler REST API and dashboard port')),
    FLEETSCORE_HEALTH_HOST: healthHostVariable(),
    FLEETSCORE_HEALTH_PORT: port().prefault('9080').register(variableDocs, {
      description:
        'Port of the internal listener: /healthz, /readyz, /metrics, /v1/scaling (KEDA), the OpenAPI document (/docs)',
    }),
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
    healthHost: env.FLEETSCORE_HEALTH_HOST,
    healthPort: env.FLEETSCORE_HEALTH_PORT,
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
