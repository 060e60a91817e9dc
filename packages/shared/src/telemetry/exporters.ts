import type { SamplerSetting } from './sampler.js';

/**
 * `FLEETSCORE_OTEL_EXPORTER`: a shorthand naming one back end for every signal. `azure-monitor`
 * has no standard spelling (the Azure Monitor distro takes traces, metrics and logs together).
 */
export const OTEL_EXPORTERS = ['none', 'console', 'otlp', 'azure-monitor', 'prometheus'] as const;
export type OtelExporter = (typeof OTEL_EXPORTERS)[number];

/** `OTEL_TRACES_EXPORTER` values Fleetscore supports (one exporter per signal). */
export const TRACE_EXPORTERS = ['none', 'console', 'otlp'] as const;
/** `OTEL_METRICS_EXPORTER` values Fleetscore supports (one exporter per signal). */
export const METRIC_EXPORTERS = ['none', 'console', 'otlp', 'prometheus'] as const;
export type TraceExporterName = (typeof TRACE_EXPORTERS)[number] | 'azure-monitor';
export type MetricExporterName = (typeof METRIC_EXPORTERS)[number] | 'azure-monitor';

/** What the shorthand means for each signal. */
export function expandExporter(exporter: OtelExporter): {
  traces: TraceExporterName;
  metrics: MetricExporterName;
} {
  // Prometheus is pull-based and metrics-only, so it leaves traces off.
  if (exporter === 'prometheus') return { traces: 'none', metrics: 'prometheus' };
  return { traces: exporter, metrics: exporter };
}

/** Default OTLP/HTTP collector base URL; `/v1/traces` and `/v1/metrics` are appended. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
/** Prometheus' registered default port for the OpenTelemetry exporter. */
export const DEFAULT_PROMETHEUS_PORT = 9464;

export interface TelemetryOptions {
  /** Short service name; the default `service.name` is `fleetscore-<service>`. */
  service: string;
  /** The resource's `service.version`. Default `unknown`. */
  version?: string;
  /** The resource's `service.name` (OTEL_SERVICE_NAME). Default `fleetscore-<service>`. */
  serviceName?: string;
  /** More resource attributes (OTEL_RESOURCE_ATTRIBUTES, decoded). */
  resourceAttributes?: Readonly<Record<string, string>>;
  /** Shorthand for both signals. Default `none`: no tracer provider, `/metrics` only. */
  exporter?: OtelExporter;
  /** Where traces go; overrides the shorthand. */
  traces?: TraceExporterName;
  /** Where metrics go (besides `/metrics`); overrides the shorthand. */
  metrics?: MetricExporterName;
  /** Which traces are kept. Default: the SDK's (always on; Azure Monitor's rate limit). */
  sampler?: SamplerSetting;
  /** OTLP/HTTP base URL. Default `http://localhost:4318`. */
  otlpEndpoint?: string;
  /** Application Insights connection string; required for `azure-monitor`. */
  appInsightsConnectionString?: string;
  /** Port of the `/metrics` endpoint for `prometheus`. Default 9464. */
  prometheusPort?: number;
}

export type TraceExport =
  | { kind: 'none' }
  | { kind: 'console' }
  | { kind: 'otlp'; url: string }
  | { kind: 'azure-monitor'; connectionString: string };

export type MetricExport = TraceExport | { kind: 'prometheus'; port: number };

export interface ExporterChoice {
  traces: TraceExport;
  metrics: MetricExport;
}

/**
 * Decides what to export where, without constructing anything (so it is testable without a
 * network). Azure Monitor is all or nothing: the distro owns the process's providers.
 */
export function chooseExporters(options: TelemetryOptions): ExporterChoice {
  const shorthand = expandExporter(options.exporter ?? 'none');
  const traces = options.traces ?? shorthand.traces;
  const metrics = options.metrics ?? shorthand.metrics;
  if (traces === 'azure-monitor' || metrics === 'azure-monitor') {
    if (traces !== metrics) {
      throw new TypeError(
        'azure-monitor exports every signal: traces and metrics both, or neither',
      );
    }
    const connectionString = options.appInsightsConnectionString;
    if (!connectionString) {
      throw new TypeError('the azure-monitor exporter needs appInsightsConnectionString');
    }
    const target = { kind: 'azure-monitor', connectionString } as const;
    return { traces: target, metrics: target };
  }
  // A base URL, as OTEL_EXPORTER_OTLP_ENDPOINT is defined: the signal paths go after it.
  const base = (options.otlpEndpoint ?? DEFAULT_OTLP_ENDPOINT).replace(/\/+$/, '');
  const otlp = (signal: string) => ({ kind: 'otlp', url: `${base}/v1/${signal}` }) as const;
  return {
    traces: traces === 'otlp' ? otlp('traces') : { kind: traces },
    metrics:
      metrics === 'otlp'
        ? otlp('metrics')
        : metrics === 'prometheus'
          ? { kind: 'prometheus', port: options.prometheusPort ?? DEFAULT_PROMETHEUS_PORT }
          : { kind: metrics },
  };
}
