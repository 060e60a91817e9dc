import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import type { Logger } from './logger.js';

/**
 * Routes OpenTelemetry's own warnings and errors (a failed export, say) into the service's JSON
 * log. Called after `startTelemetry`: the Azure Monitor distro resets the API's globals, the
 * diagnostic logger among them, when it starts.
 */
export function logTelemetryDiagnostics(log: Logger): void {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      log[level]({ component: 'opentelemetry', args }, message);
  const logger: DiagLogger = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('trace'),
  };
  diag.setLogger(logger, DiagLogLevel.WARN);
}
