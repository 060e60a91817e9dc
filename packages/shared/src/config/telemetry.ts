// The telemetry variables every service reads: Fleetscore's shorthand and the OpenTelemetry
// standard ones, with the one rule that combines them (docs/observability.md, "Variables").
import type { z } from 'zod';
import {
  expandExporter,
  METRIC_EXPORTERS,
  type MetricExporterName,
  OTEL_EXPORTERS,
  type TelemetryOptions,
  TRACE_EXPORTERS,
  type TraceExporterName,
} from '../telemetry/exporters.js';
import { AZURE_SAMPLERS, SAMPLERS, samplerArgRange } from '../telemetry/sampler.js';
import { oneOf, port, text, url, variable, variableDocs } from './variables.js';

/** `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs, comma-separated, values percent-encoded. */
const resourceAttributes = () =>
  variable('key=value pairs separated by commas (values percent-encoded)', (text) => {
    const attributes: Record<string, string> = {};
    for (const pair of text.split(',')) {
      const match = /^\s*([^=\s,]+)\s*=\s*([^,]*?)\s*$/.exec(pair);
      if (!match) return undefined;
      try {
        attributes[match[1]!] = decodeURIComponent(match[2]!);
      } catch {
        return undefined;
      }
    }
    return attributes;
  });

const exporterNote = 'unset: none, or what FLEETSCORE_OTEL_EXPORTER says';

export const telemetryVariables = {
  FLEETSCORE_OTEL_EXPORTER: oneOf(OTEL_EXPORTERS).optional().register(variableDocs, {
    description:
      'Shorthand for both signals: none, console, otlp, azure-monitor (traces, metrics and logs to Application Insights), prometheus (metrics only). A standard variable set beside it must agree',
    default: '`none`, or `azure-monitor` if APPLICATIONINSIGHTS_CONNECTION_STRING is set',
  }),
  OTEL_TRACES_EXPORTER: oneOf(TRACE_EXPORTERS)
    .optional()
    .register(variableDocs, {
      description: `Where traces go: none, console, otlp (${exporterNote})`,
    }),
  OTEL_METRICS_EXPORTER: oneOf(METRIC_EXPORTERS)
    .optional()
    .register(variableDocs, {
      description: `Where metrics go besides \`/metrics\`: none, console, otlp, prometheus (${exporterNote})`,
    }),
  OTEL_SERVICE_NAME: text().optional().register(variableDocs, {
    description: 'The resource’s `service.name`: the Application Insights cloud role name',
    default: '`fleetscore-<service>`',
  }),
  OTEL_RESOURCE_ATTRIBUTES: resourceAttributes().optional().register(variableDocs, {
    description:
      'More resource attributes, `key=value,…` (`service.namespace=prod`, `deployment.environment.name=test`)',
  }),
  OTEL_TRACES_SAMPLER: oneOf(SAMPLERS).optional().register(variableDocs, {
    description:
      'Which traces are kept: always_on, always_off, traceidratio, parentbased_* of those; with azure-monitor also microsoft.rate_limited, microsoft.fixed_percentage',
    default: '`parentbased_always_on`; azure-monitor: `microsoft.rate_limited` (5 a second)',
  }),
  OTEL_TRACES_SAMPLER_ARG: variable('a number', (text) =>
    /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined,
  )
    .optional()
    .register(variableDocs, {
      description:
        'The sampler’s argument: a probability from 0 to 1, or traces per second for microsoft.rate_limited',
      default: '`1`; rate_limited: `5`',
    }),
  OTEL_EXPORTER_OTLP_ENDPOINT: url('http', 'https').optional().register(variableDocs, {
    description: 'OTLP/HTTP collector base URL (otlp)',
    default: '`http://localhost:4318`',
  }),
  APPLICATIONINSIGHTS_CONNECTION_STRING: text()
    .optional()
    .register(variableDocs, { description: 'Application Insights (azure-monitor)', secret: true }),
  FLEETSCORE_PROMETHEUS_PORT: port()
    .prefault('9464')
    .register(variableDocs, { description: 'Port of the exporter’s own `/metrics` (prometheus)' }),
};

export type TelemetryVariables = z.output<z.ZodObject<typeof telemetryVariables>>;
type Report = (variable: string, message: string) => void;

/** Telemetry's part of the service config; spread into `startTelemetry({ service, … })`. */
export type TelemetryConfig = Omit<TelemetryOptions, 'service' | 'version' | 'exporter'> & {
  traces: TraceExporterName;
  metrics: MetricExporterName;
  prometheusPort: number;
};

/**
 * The precedence rule: an explicit setting beats an implied one. FLEETSCORE_OTEL_EXPORTER sets
 * both signals, and a standard variable set beside it must say the same for its signal; the
 * standard variables alone set their own signal (an unset one is `none`); with neither, an
 * Application Insights connection string implies azure-monitor, and nothing means none.
 */
function exportersOf(env: TelemetryVariables, report?: Report) {
  const { FLEETSCORE_OTEL_EXPORTER: shorthand, OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER } = env;
  if (shorthand !== undefined) {
    const expanded = expandExporter(shorthand);
    const standard = { traces: OTEL_TRACES_EXPORTER, metrics: OTEL_METRICS_EXPORTER };
    for (const signal of ['traces', 'metrics'] as const) {
      const value = standard[signal];
      if (report && typeof value === 'string' && value !== expanded[signal]) {
        report(
          `OTEL_${signal.toUpperCase()}_EXPORTER`,
          `is ${value}, which contradicts FLEETSCORE_OTEL_EXPORTER=${shorthand} (${signal}: ${expanded[signal]}); unset one of them`,
        );
      }
    }
    return expanded;
  }
  if (OTEL_TRACES_EXPORTER !== undefined || OTEL_METRICS_EXPORTER !== undefined) {
    return { traces: OTEL_TRACES_EXPORTER ?? 'none', metrics: OTEL_METRICS_EXPORTER ?? 'none' };
  }
  return expandExporter(env.APPLICATIONINSIGHTS_CONNECTION_STRING ? 'azure-monitor' : 'none');
}

/** Rules across the telemetry variables (an invalid single value is a non-string here). */
export function checkTelemetry(env: TelemetryVariables, report: Report): void {
  const { traces } = exportersOf(env, report);
  if (traces === 'azure-monitor' && env.APPLICATIONINSIGHTS_CONNECTION_STRING === undefined) {
    report(
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
      'not set; required when FLEETSCORE_OTEL_EXPORTER=azure-monitor',
    );
  }
  const sampler = env.OTEL_TRACES_SAMPLER;
  const arg = env.OTEL_TRACES_SAMPLER_ARG;
  if (typeof sampler !== 'string') return;
  if (AZURE_SAMPLERS.includes(sampler) && traces !== 'azure-monitor') {
    report(
      'OTEL_TRACES_SAMPLER',
      `is ${sampler}, an Azure Monitor sampler: only with FLEETSCORE_OTEL_EXPORTER=azure-monitor`,
    );
  }
  const range = samplerArgRange(sampler);
  if (typeof arg !== 'number') return;
  if (range === undefined) {
    report('OTEL_TRACES_SAMPLER_ARG', `is set, but ${sampler} takes no argument; unset it`);
  } else if (arg < range.min || arg > range.max) {
    report('OTEL_TRACES_SAMPLER_ARG', `is ${arg}; ${sampler} takes a probability from 0 to 1`);
  }
}

/** Shapes valid telemetry variables; `checkTelemetry` has passed. */
export function resolveTelemetry(env: TelemetryVariables): TelemetryConfig {
  const attributes = env.OTEL_RESOURCE_ATTRIBUTES ?? {};
  // The specification's order: OTEL_SERVICE_NAME, then service.name among the attributes.
  const serviceName = env.OTEL_SERVICE_NAME ?? attributes['service.name'];
  const sampler = env.OTEL_TRACES_SAMPLER;
  return {
    ...exportersOf(env),
    ...(serviceName ? { serviceName } : {}),
    resourceAttributes: attributes,
    ...(sampler
      ? {
          sampler: {
            name: sampler,
            ...(env.OTEL_TRACES_SAMPLER_ARG === undefined
              ? {}
              : { arg: env.OTEL_TRACES_SAMPLER_ARG }),
          },
        }
      : {}),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    appInsightsConnectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING,
    prometheusPort: env.FLEETSCORE_PROMETHEUS_PORT,
  };
}
