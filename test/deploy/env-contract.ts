// What a container deployment must set, per service — the contract the env drift test holds
// compose and Bicep to. Every variable a service's schema reads is listed here, either as one
// the deployment must set or as one it may leave at its default; a new variable fails the
// drift test until it is placed in one of the two.
import type { ServiceName } from './files.js';

/** A variable the deployment must set, or a choice of which exactly one must be set. */
export type Requirement = string | readonly string[];

/** The Azure backend: namespaces and the account URL (Bicep) or emulator strings (compose). */
const azureBackend: Requirement[] = [
  'FLEETSCORE_BACKEND',
  // Bicep creates the container by this name: the two must agree.
  'FLEETSCORE_BLOB_CONTAINER',
  ['FLEETSCORE_STORAGE_ACCOUNT_URL', 'FLEETSCORE_STORAGE_CONNECTION_STRING'],
  ['FLEETSCORE_EVENTHUBS_NAMESPACE', 'FLEETSCORE_EVENTHUBS_CONNECTION_STRING'],
  'FLEETSCORE_EVENTHUB_NAME',
  ['FLEETSCORE_SERVICEBUS_NAMESPACE', 'FLEETSCORE_SERVICEBUS_CONNECTION_STRING'],
  'FLEETSCORE_SERVICEBUS_QUEUE',
];

/** Defaults that are right in a container, or that only tune. */
const commonOptional = [
  'FLEETSCORE_REDIS_URL',
  'FLEETSCORE_STREAM_PARTITIONS',
  'FLEETSCORE_STREAM_NAME',
  'FLEETSCORE_JOB_QUEUE',
  'FLEETSCORE_TABLE_PREFIX',
  'FLEETSCORE_LOG_LEVEL',
  'FLEETSCORE_OTEL_EXPORTER',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRICS_EXPORTER',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'FLEETSCORE_PROMETHEUS_PORT',
];

/** A credential of an HTTP API: keys, or Entra ID (a tenant or issuers; the audience goes with it). */
const apiAuth: Requirement = [
  'FLEETSCORE_API_KEYS',
  'FLEETSCORE_AUTH_TENANT_ID',
  'FLEETSCORE_AUTH_ISSUER',
];
const apiAuthOptional = ['FLEETSCORE_AUTH_AUDIENCE', 'FLEETSCORE_AUTH_JWKS_URL'];

export interface ServiceContract {
  /** Must be set by every deployment of the service (the default is wrong in a container). */
  required: Requirement[];
  /** May be set; the default is right. */
  optional: string[];
}

export const ENV_CONTRACT: Record<ServiceName, ServiceContract> = {
  ingest: {
    // 127.0.0.1 by default: a container must listen on every interface, on both listeners
    // (the API, and the ops one the probes and scrapers use).
    required: [
      'FLEETSCORE_INGEST_HOST',
      'FLEETSCORE_INGEST_PORT',
      'FLEETSCORE_HEALTH_HOST',
      'FLEETSCORE_HEALTH_PORT',
      apiAuth,
    ],
    optional: [
      'FLEETSCORE_INGEST_MAX_BATCH',
      'FLEETSCORE_INGEST_RETRY_AFTER_SECONDS',
      'FLEETSCORE_INGEST_PUBLISH_TIMEOUT_MS',
      'FLEETSCORE_INGEST_RATE_LIMIT',
      'FLEETSCORE_INGEST_RATE_LIMIT_WINDOW_SECONDS',
      ...apiAuthOptional,
    ],
  },
  aggregator: {
    // Shards: the scheduler must read the same value. Group: must exist on the hub.
    required: [
      'FLEETSCORE_HEALTH_HOST',
      'FLEETSCORE_HEALTH_PORT',
      'FLEETSCORE_SHARDS',
      'FLEETSCORE_AGGREGATOR_GROUP',
    ],
    optional: [
      'FLEETSCORE_WINDOW_SECONDS',
      'FLEETSCORE_LATE_TOLERANCE_SECONDS',
      'FLEETSCORE_LATE_POLICY',
      'FLEETSCORE_AGGREGATES',
      'FLEETSCORE_IDLE_TIMEOUT_SECONDS',
      'FLEETSCORE_FLUSH_SECONDS',
      // Right for the default deployment (1 throughput unit); raise with the throughput units.
      'FLEETSCORE_PARTITION_EVENTS_PER_SECOND',
      'FLEETSCORE_AGGREGATOR_MODE',
      'FLEETSCORE_WINDOW_FORMAT',
      'FLEETSCORE_DEDUPE_BATCHES',
    ],
  },
  scheduler: {
    // Attempts: the scorer must obey the same count. Jobs per replica: the scorer's concurrency.
    required: [
      'FLEETSCORE_SCHEDULER_HOST',
      'FLEETSCORE_SCHEDULER_PORT',
      'FLEETSCORE_HEALTH_HOST',
      'FLEETSCORE_HEALTH_PORT',
      'FLEETSCORE_SHARDS',
      'FLEETSCORE_JOB_ATTEMPTS',
      'FLEETSCORE_SCALE_JOBS_PER_REPLICA',
      apiAuth,
    ],
    optional: [
      'FLEETSCORE_SCHEDULES',
      'FLEETSCORE_TIMEZONE',
      'FLEETSCORE_RUN_WINDOW_MINUTES',
      'FLEETSCORE_CATCH_UP',
      'FLEETSCORE_CATCH_UP_MAX',
      'FLEETSCORE_JOB_SIZE',
      'FLEETSCORE_RECONCILE_SECONDS',
      'FLEETSCORE_PLANNING_GRACE_SECONDS',
      'FLEETSCORE_SCALE_MIN',
      'FLEETSCORE_SCALE_MAX',
      'FLEETSCORE_API_PUBLIC_READS',
      ...apiAuthOptional,
    ],
  },
  scorer: {
    // Lock: must equal the queue's LockDuration. Drain: must fit the stop grace period.
    required: [
      'FLEETSCORE_HEALTH_HOST',
      'FLEETSCORE_HEALTH_PORT',
      'FLEETSCORE_SCORER_CONCURRENCY',
      'FLEETSCORE_JOB_ATTEMPTS',
      'FLEETSCORE_LOCK_SECONDS',
      'FLEETSCORE_DRAIN_SECONDS',
    ],
    optional: [
      'FLEETSCORE_SCORER_THREADS',
      'FLEETSCORE_MODEL_CACHE_ENTRIES',
      'FLEETSCORE_MODEL_CACHE_MB',
    ],
  },
};

/** Required with the Azure backend (compose profile azure, Bicep). */
export const azureRequirements = (service: ServiceName): Requirement[] => [
  ...azureBackend,
  ...ENV_CONTRACT[service].required,
];

/** Required with the local backend (compose profile local). */
export const localRequirements = (service: ServiceName): Requirement[] => [
  'FLEETSCORE_BACKEND',
  'FLEETSCORE_REDIS_URL',
  'FLEETSCORE_STORAGE_CONNECTION_STRING',
  ...ENV_CONTRACT[service].required,
];

/** Every variable the contract names for a service. */
export function contractVariables(service: ServiceName): Set<string> {
  const names = [...azureBackend, ...ENV_CONTRACT[service].required].flat();
  return new Set([...names, ...commonOptional, ...ENV_CONTRACT[service].optional]);
}

/** The requirements `env` does not meet: a missing name, or none of a choice. */
export function unmet(requirements: Requirement[], env: Iterable<string>): string[] {
  const present = new Set(env);
  return requirements.flatMap((requirement) => {
    if (typeof requirement === 'string') return present.has(requirement) ? [] : [requirement];
    const set = requirement.filter((name) => present.has(name));
    return set.length >= 1 ? [] : [requirement.join(' or ')];
  });
}
