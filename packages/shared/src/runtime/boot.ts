import type { BaseConfig } from '../config/common.js';
import { type ConfigEnv, type ConfigSchema, loadConfigOrExit } from '../config/load.js';
import { redactConfig } from '../config/redact.js';
import { logTelemetryDiagnostics } from '../telemetry/diagnostics.js';
import { createLogger, type Logger } from '../telemetry/logger.js';
import { startTelemetry, type Telemetry } from '../telemetry/otel.js';
import { createShutdown, onSignals, type Shutdown } from './shutdown.js';
import { shutdownDeadlineMs } from './shutdown-budget.js';

export interface Booted<C> {
  config: C;
  log: Logger;
  shutdown: Shutdown;
  /** The process's telemetry: `telemetry.metrics.register(app)` serves `/metrics`. */
  telemetry: Telemetry;
}

/**
 * The first lines of every service's `main.ts`: read the configuration (exit 2 naming every
 * bad variable), start telemetry and logging, and wire SIGTERM/SIGINT to a graceful shutdown.
 * main.ts then builds its adapters and app and registers their `close` with `shutdown.add`.
 */
export async function bootService<C extends BaseConfig>(
  service: string,
  schema: ConfigSchema<C>,
  env: ConfigEnv = process.env,
): Promise<Booted<C>> {
  const config = loadConfigOrExit(schema, env);
  // Telemetry first: with Azure Monitor the logger's lines are log records too, and the distro
  // resets OpenTelemetry's globals as it starts.
  const telemetry = await startTelemetry({ service, ...config.telemetry });
  const log = createLogger({
    service,
    level: config.logLevel,
    ...(telemetry.logFactory ? { pino: telemetry.logFactory } : {}),
  });
  // OpenTelemetry's own diagnostics to standard output only, never into the exporter.
  logTelemetryDiagnostics(createLogger({ service, level: config.logLevel }));
  // Drain + settle: a scorer draining for FLEETSCORE_DRAIN_SECONDS still hands back its jobs
  // and flushes telemetry before the deadline (shutdown-budget.ts).
  const shutdown = createShutdown({
    deadlineMs: shutdownDeadlineMs(config.drainMs),
    log: (message) => log.info(message),
  });
  onSignals(shutdown);
  shutdown.add('telemetry', () => telemetry.shutdown());
  log.info({ config: redactConfig(config) }, `starting ${service}`);
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled rejection; shutting down');
    void shutdown.run('unhandledRejection');
  });
  return { config, log, shutdown, telemetry };
}
