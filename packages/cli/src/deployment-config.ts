import { ConfigError, type ConfigSchema, defineService, loadConfig } from '@fleetscore/shared';
import { UsageError } from './program.js';

/**
 * The variables every service shares (`FLEETSCORE_BACKEND`, storage, stream, queue…): what a
 * command that opens the deployment's backend through the services' adapters reads.
 */
export const backendConfigSchema = defineService({}, () => ({}));

/**
 * A command's view of the configured deployment: `schema` read from its environment, where a
 * bad or missing variable is a usage error (exit 2) naming every one, as a service reports it.
 */
export function deploymentConfig<T>(schema: ConfigSchema<T>, env: NodeJS.ProcessEnv): T {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
