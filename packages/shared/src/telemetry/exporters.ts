/** The telemetry back ends a service can export to (`FLEETSCORE_OTEL_EXPORTER`). */
export const OTEL_EXPORTERS = ['none', 'console', 'otlp', 'azure-monitor', 'prometheus'] as const;
export type OtelExporter = (typeof OTEL_EXPORTERS)[number];

/** Default OTLP/HTTP collector base URL; `/v1/traces` and `/v1/metrics` are appended. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
/** Prometheus' registered default port for the OpenTelemetry exporter. */
export const DEFAULT_PROMETHEUS_PORT = 9464;

export interface TelemetryOptions {
  /** Short service name; the resource's `service.name` becomes `fleetscore-<service>`. */
  service: string;
  /** The resource's `service.version`. Default `unknown`. */
  version?: string;
  /** Where traces and metrics go. Default `none`: no SDK, the API stays a no-op. */
  exporter?: OtelExporter;
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
 * network). Prometheus is pull-based and metrics-only, so it leaves traces off.
 */
export function chooseExporters(options: TelemetryOptions): ExporterChoice {
  const exporter = options.exporter ?? 'none';
  switch (exporter) {
    case 'none':
    case 'console':
      return { traces: { kind: exporter }, metrics: { kind: exporter } };
    case 'otlp': {
      // A base URL, as OTEL_EXPORTER_OTLP_ENDPOINT is defined: the signal paths go after it.
      const base = (options.otlpEndpoint ?? DEFAULT_OTLP_ENDPOINT).replace(/\/+$/, '');
      return {
        traces: { kind: 'otlp', url: `${base}/v1/traces` },
        metrics: { kind: 'otlp', url: `${base}/v1/metrics` },
      };
    }
    case 'azure-monitor': {
      const connectionString = options.appInsightsConnectionString;
      if (!connectionString) {
        throw new TypeError('the azure-monitor exporter needs appInsightsConnectionString');
      }
      const target = { kind: 'azure-monitor', connectionString } as const;
      return { traces: target, metrics: target };
    }
    case 'prometheus':
      return {
        traces: { kind: 'none' },
        metrics: { kind: 'prometheus', port: options.prometheusPort ?? DEFAULT_PROMETHEUS_PORT },
      };
  }
}
