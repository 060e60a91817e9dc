export {
  type AzureConnection,
  type BackendConfig,
  type BaseConfig,
  LOCAL_STORAGE,
} from './common.js';
export { type ConfigVariable, describeConfig, renderConfigDocs } from './describe.js';
export {
  type ConfigEnv,
  ConfigError,
  type ConfigProblem,
  type ConfigSchema,
  type ExitOptions,
  loadConfig,
  loadConfigOrExit,
} from './load.js';
export { redactConfig, redactConnectionString, redactSecrets, redactUrl } from './redact.js';
export type { Schedule } from './schedules.js';
export {
  heapLimitWarning,
  SCORER_HEAP_FLAGS,
  SCORER_HEAP_MB,
  SCORER_NODE_OPTIONS,
  SCORER_SEMI_SPACE_MB,
  scorerNodeFlags,
} from './service/scorer-heap.js';
export {
  type AggregatorConfig,
  aggregatorConfigSchema,
  configSchemas,
  defineService,
  type IngestConfig,
  ingestConfigSchema,
  type SchedulerConfig,
  type ScorerConfig,
  schedulerConfigSchema,
  scorerConfigSchema,
} from './services.js';
