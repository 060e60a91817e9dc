import type { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../telemetry/logger.js';
import { type TelemetryConfig, telemetryVariables } from './telemetry.js';
import { integer, matching, namespace, oneOf, text, url, variableDocs } from './variables.js';

/** Azurite on its default ports, with its well-known development account. */
export const LOCAL_STORAGE = 'UseDevelopmentStorage=true';

export const AZURE_ONLY = 'required when FLEETSCORE_BACKEND=azure';

/** The variables every service reads: backend, storage, logging, telemetry. */
export const baseVariables = {
  FLEETSCORE_BACKEND: oneOf(['local', 'azure'] as const)
    .prefault('local')
    .register(variableDocs, {
      description:
        '`local`: Redis Streams, BullMQ, Azurite. `azure`: Event Hubs, Service Bus, Azure Storage',
    }),
  FLEETSCORE_REDIS_URL: url('redis', 'rediss')
    .prefault('redis://127.0.0.1:6380')
    .register(variableDocs, { description: 'Redis for the event stream and job queue (local)' }),
  FLEETSCORE_STREAM_PARTITIONS: integer(1, 256)
    .prefault('4')
    .register(variableDocs, { description: 'Partitions of the Redis event stream (local)' }),
  FLEETSCORE_STREAM_NAME: matching(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _, . and - (1–100)')
    .optional()
    .register(variableDocs, {
      description:
        'Redis stream of device readings (local; Azure uses the event hub), for isolated runs',
      default: '`readings`',
    }),
  FLEETSCORE_JOB_QUEUE: matching(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1–64)')
    .prefault('scoring')
    .register(variableDocs, {
      description:
        'BullMQ queue of scoring and training jobs (local; Azure uses the Service Bus queue)',
    }),
  FLEETSCORE_STORAGE_CONNECTION_STRING: text()
    .optional()
    .register(variableDocs, {
      description:
        'Blob and Table Storage connection string; with azure, this or the account URL is required',
      default: `\`${LOCAL_STORAGE}\` (local)`,
      secret: true,
    }),
  FLEETSCORE_STORAGE_ACCOUNT_URL: url('https', 'http').optional().register(variableDocs, {
    description:
      'Storage account blob endpoint, reached with managed identity instead of a connection string',
  }),
  FLEETSCORE_BLOB_CONTAINER: matching(
    /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    'a blob container name (3–63 of a-z, 0-9, -)',
  )
    .prefault('fleetscore')
    .register(variableDocs, { description: 'Blob container for models, windows and outputs' }),
  FLEETSCORE_TABLE_PREFIX: matching(
    /^[A-Za-z][A-Za-z0-9]{0,31}$/,
    'a letter then up to 31 letters or digits',
  )
    .prefault('fleetscore')
    .register(variableDocs, { description: 'Prefix of every table name (run ledger, registry)' }),
  FLEETSCORE_LOG_LEVEL: oneOf(LOG_LEVELS).prefault('info').register(variableDocs, {
    description: 'Least severe level logged: fatal, error, warn, info, debug, trace, silent',
  }),
  ...telemetryVariables,
  FLEETSCORE_EVENTHUBS_NAMESPACE: namespace().optional().register(variableDocs, {
    description: `Event Hubs namespace (\`myns\` or its host name), reached with managed identity; with azure, this or the connection string is required`,
  }),
  FLEETSCORE_EVENTHUBS_CONNECTION_STRING: text()
    .optional()
    .register(variableDocs, { description: 'Event Hubs connection string', secret: true }),
  FLEETSCORE_EVENTHUB_NAME: text()
    .optional()
    .register(variableDocs, { description: `Event hub of device readings; ${AZURE_ONLY}` }),
  FLEETSCORE_SERVICEBUS_NAMESPACE: namespace().optional().register(variableDocs, {
    description: `Service Bus namespace (\`myns\` or its host name), reached with managed identity; with azure, this or the connection string is required`,
  }),
  FLEETSCORE_SERVICEBUS_CONNECTION_STRING: text()
    .optional()
    .register(variableDocs, { description: 'Service Bus connection string', secret: true }),
  FLEETSCORE_SERVICEBUS_QUEUE: text()
    .optional()
    .register(variableDocs, { description: `Service Bus queue of scoring jobs; ${AZURE_ONLY}` }),
};

export type BaseVariables = z.output<z.ZodObject<typeof baseVariables>>;

/** Managed identity (a namespace) or a connection string; never both. */
export type AzureConnection = { fullyQualifiedNamespace: string } | { connectionString: string };

export type BackendConfig =
  | {
      kind: 'local';
      redisUrl: string;
      streamPartitions: number;
      jobQueue: string;
      /** Overrides the stream name the service asks for (FLEETSCORE_STREAM_NAME). */
      streamName?: string;
    }
  | {
      kind: 'azure';
      eventHubs: AzureConnection & { eventHubName: string };
      serviceBus: AzureConnection & { queueName: string };
    };

export interface BaseConfig {
  backend: BackendConfig;
  /** How long running work may take on SIGTERM, ms; services without a setting use the default drain (runtime/shutdown-budget.ts). */
  drainMs?: number;
  storage: ({ connectionString: string } | { accountUrl: string }) & {
    container: string;
    tablePrefix: string;
  };
  logLevel: LogLevel;
  /** Spread into `startTelemetry({ service, ...config.telemetry })`. */
  telemetry: TelemetryConfig;
}
