import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import type { Logger } from './logger.js';

/**
 * Emitted when a span or log record is made while the host detector is still reading the
 * machine id, in the first milliseconds of a process: harmless (the attributes are complete
 * before anything is exported), and an error line at every start would teach people to ignore
 * error lines.
 */
const UNSETTLED = 'Accessing resource attributes before async attributes settled';

/**
 * Routes OpenTelemetry's own warnings and errors (a failed export, say) into a JSON log. Give it
 * a logger that does not export (not `Telemetry.logFactory`'s): a failing export would otherwise
 * log about itself into the exporter, and a diagnostic raised while a record is emitted would
 * recurse. Called after `startTelemetry`: the Azure Monitor distro resets the API's globals, the
 * diagnostic logger among them, when it starts.
 */
export function logTelemetryDiagnostics(log: Logger): void {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) => {
      if (message !== UNSETTLED) log[level]({ component: 'opentelemetry', args }, message);
    };
  const logger: DiagLogger = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('trace'),
  };
  diag.setLogger(logger, DiagLogLevel.WARN);
}
