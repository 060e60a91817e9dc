import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import { redactConnectionString } from '../config/redact.js';

export type { Logger } from 'pino';

/** pino's levels, most to least severe; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Where secrets could turn up in a log call: a config object, an HTTP request, an error
 * carrying options. pino's paths are not recursive, so the common depths are listed.
 */
export const REDACT_PATHS = [
  ...['connectionString', 'apiKey', 'apiKeys', 'apiKeyHashes', 'password', 'accountKey'].flatMap(
    (key) => [key, `*.${key}`, `*.*.${key}`],
  ),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
];

export interface LoggerOptions {
  /** Short service name (`ingest`, `scorer`, …), a base field of every line. */
  service: string;
  /** Minimum level written. Default `info`. */
  level?: LogLevel;
  /** Where JSON lines go. Default standard output. */
  destination?: DestinationStream;
  /**
   * The pino factory: `Telemetry.logFactory` when log records are exported, which also sends
   * each line to the OpenTelemetry Logs API. Default pino itself.
   */
  pino?: typeof pino;
}

/**
 * A JSON-lines logger: `service`, `pid`, ISO `time`, `level` as a word, and `trace_id` /
 * `span_id` of the active OpenTelemetry span when there is one, so a log line can be found
 * from its trace (and back). Per-run context goes in children: `log.child({ runId, jobId })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const { service, level = 'info', destination, pino: factory = pino } = options;
  const settings = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Words rather than pino's numbers: what Application Insights and `jq` users filter on.
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor },
    mixin: traceFields,
  };
  return destination ? factory(settings, destination) : factory(settings);
}

/** Connection strings keep their public parts (account, endpoint), as `redactConfig` does. */
function censor(value: unknown, path: string[]): unknown {
  const key = path.at(-1) ?? '';
  const isConnectionString = /connectionString$/i.test(key) && typeof value === 'string';
  return isConnectionString ? redactConnectionString(value) : '[redacted]';
}

/** The active span's ids in W3C form; nothing outside a (sampled or not) valid span. */
function traceFields(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
