import { AZURE_ONLY, type BaseConfig, type BaseVariables, LOCAL_STORAGE } from './common.js';
import { checkTelemetry, resolveTelemetry } from './telemetry.js';

/** Records one problem with a variable (or `A or B`), worded to follow its name. */
export type Report = (variable: string, message: string) => void;

/**
 * Rules across variables. Called even when some single variable is invalid, so that one
 * message lists every problem; an invalid value is then a non-string, and counts as set.
 */
export function checkCommon(env: BaseVariables, report: Report): void {
  type Name = keyof BaseVariables;
  const set = (name: Name) => env[name] !== undefined;
  const notBoth = (a: Name, b: Name) => {
    if (set(a) && set(b)) report(a, `set together with ${b}; set only one of them`);
  };
  const oneOf = (a: Name, b: Name) => {
    if (!set(a) && !set(b)) report(`${a} or ${b}`, `neither is set; one is ${AZURE_ONLY}`);
  };

  notBoth('FLEETSCORE_STORAGE_ACCOUNT_URL', 'FLEETSCORE_STORAGE_CONNECTION_STRING');
  checkTelemetry(env, report);
  if (env.FLEETSCORE_BACKEND !== 'azure') return;

  oneOf('FLEETSCORE_STORAGE_ACCOUNT_URL', 'FLEETSCORE_STORAGE_CONNECTION_STRING');
  oneOf('FLEETSCORE_EVENTHUBS_NAMESPACE', 'FLEETSCORE_EVENTHUBS_CONNECTION_STRING');
  notBoth('FLEETSCORE_EVENTHUBS_NAMESPACE', 'FLEETSCORE_EVENTHUBS_CONNECTION_STRING');
  oneOf('FLEETSCORE_SERVICEBUS_NAMESPACE', 'FLEETSCORE_SERVICEBUS_CONNECTION_STRING');
  notBoth('FLEETSCORE_SERVICEBUS_NAMESPACE', 'FLEETSCORE_SERVICEBUS_CONNECTION_STRING');
  for (const name of ['FLEETSCORE_EVENTHUB_NAME', 'FLEETSCORE_SERVICEBUS_QUEUE'] as const) {
    if (!set(name)) report(name, `not set; ${AZURE_ONLY}`);
  }
}

/** Shapes valid variables into the config; `checkCommon` has passed, so `!` is safe here. */
export function resolveCommon(env: BaseVariables): BaseConfig {
  const storageUrl = env.FLEETSCORE_STORAGE_ACCOUNT_URL;
  const azure = (namespace?: string, connectionString?: string) =>
    namespace ? { fullyQualifiedNamespace: namespace } : { connectionString: connectionString! };
  const backend: BaseConfig['backend'] =
    env.FLEETSCORE_BACKEND === 'local'
      ? {
          kind: 'local',
          redisUrl: env.FLEETSCORE_REDIS_URL,
          streamPartitions: env.FLEETSCORE_STREAM_PARTITIONS,
          jobQueue: env.FLEETSCORE_JOB_QUEUE,
          ...(env.FLEETSCORE_STREAM_NAME ? { streamName: env.FLEETSCORE_STREAM_NAME } : {}),
        }
      : {
          kind: 'azure',
          eventHubs: {
            ...azure(
              env.FLEETSCORE_EVENTHUBS_NAMESPACE,
              env.FLEETSCORE_EVENTHUBS_CONNECTION_STRING,
            ),
            eventHubName: env.FLEETSCORE_EVENTHUB_NAME!,
          },
          serviceBus: {
            ...azure(
              env.FLEETSCORE_SERVICEBUS_NAMESPACE,
              env.FLEETSCORE_SERVICEBUS_CONNECTION_STRING,
            ),
            queueName: env.FLEETSCORE_SERVICEBUS_QUEUE!,
          },
        };
  return {
    backend,
    storage: {
      ...(storageUrl
        ? { accountUrl: storageUrl }
        : { connectionString: env.FLEETSCORE_STORAGE_CONNECTION_STRING ?? LOCAL_STORAGE }),
      container: env.FLEETSCORE_BLOB_CONTAINER,
      tablePrefix: env.FLEETSCORE_TABLE_PREFIX,
    },
    logLevel: env.FLEETSCORE_LOG_LEVEL,
    telemetry: resolveTelemetry(env),
  };
}
