import {
  type DiagLogger,
  DiagLogLevel,
  diag,
  type Meter,
  metrics,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  chooseExporters,
  type MetricExport,
  type OtelExporter,
  type TelemetryOptions,
  type TraceExport,
} from './exporters.js';
import type { Logger } from './logger.js';
import { type PrometheusMetrics, prometheusRoute } from './prometheus-route.js';

export interface StartTelemetryOptions extends TelemetryOptions {
  /** Receives OpenTelemetry's own warnings and errors (failed exports). Default: dropped. */
  log?: Logger;
}

/** The process's telemetry; `shutdown()` flushes what is buffered (safe to call twice). */
export interface Telemetry {
  readonly exporter: OtelExporter;
  /**
   * The process's one meter provider, always on (whatever the exporter): `register(app)` serves
   * its instruments on the app's `/metrics`; the same instruments go to OTLP or Azure Monitor
   * when those are configured. `meter` is the global provider's, so `meter(name)` anywhere in
   * the process reaches the same readers.
   */
  readonly metrics: PrometheusMetrics;
  shutdown(): Promise<void>;
}

let started: Promise<Telemetry> | undefined;

/**
 * Starts the OpenTelemetry SDK once per process; later calls return the first handle and
 * ignore their options (the global providers can only be registered once). With `none` no
 * tracer provider and no push exporter is started, but the meter provider is, so `/metrics`
 * always answers. SDK and exporter modules are imported lazily because they cost most of a
 * second of start-up; no auto-instrumentation is registered, for the same reason.
 */
export function startTelemetry(options: StartTelemetryOptions): Promise<Telemetry> {
  started ??= start(options).catch((error: unknown) => {
    started = undefined; // a failed start (say, a bad option) may be retried
    throw error;
  });
  return started;
}

/** A tracer from the global provider (a no-op until telemetry is started). */
export const tracer = (name: string, version?: string): Tracer => trace.getTracer(name, version);
/** A meter from the global provider (a no-op until telemetry is started). */
export const meter = (name: string, version?: string): Meter => metrics.getMeter(name, version);

async function start(options: StartTelemetryOptions): Promise<Telemetry> {
  const exporter = options.exporter ?? 'none';
  const choice = chooseExporters(options);
  if (options.log) diag.setLogger(diagTo(options.log), DiagLogLevel.WARN);

  const [{ MeterProvider }, { defaultResource, resourceFromAttributes }, semconv] =
    await Promise.all([
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  const resource = defaultResource().merge(
    resourceFromAttributes({
      [semconv.ATTR_SERVICE_NAME]: `fleetscore-${options.service}`,
      [semconv.ATTR_SERVICE_VERSION]: options.version ?? 'unknown',
    }),
  );
  const scrape = await scrapeReader(choice.metrics);
  const service = `fleetscore-${options.service}`;
  let stopping: Promise<void> | undefined;
  const handle = (stop: () => Promise<void>): Telemetry => {
    const shutdown = () => (stopping ??= stop());
    return {
      exporter,
      metrics: { meter: meter(service), register: prometheusRoute(scrape), shutdown },
      shutdown,
    };
  };

  if (exporter === 'none') {
    // No traces, no push: only the scrape reader behind the services' own `/metrics` route.
    const provider = new MeterProvider({ resource, readers: [scrape] });
    metrics.setGlobalMeterProvider(provider);
    return handle(() => provider.shutdown());
  }
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    resource,
    // Host and process detectors add start-up work for attributes the platform already knows.
    autoDetectResources: false,
    spanProcessors: await spanProcessors(choice.traces),
    metricReaders: [scrape, ...(await pushReaders(choice.metrics))],
    // Logs go to standard output through pino; an empty list stops the SDK from adding an
    // OTLP log exporter of its own from OTEL_LOGS_EXPORTER's default.
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return handle(() => sdk.shutdown());
}

/**
 * The pull reader behind `/metrics`: with the `prometheus` exporter it also serves its own port
 * (Prometheus' registered 9464, for services without an HTTP app of their own); otherwise it
 * only answers the service's route.
 */
async function scrapeReader(target: MetricExport): Promise<PrometheusExporter> {
  const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
  return target.kind === 'prometheus'
    ? new PrometheusExporter({ port: target.port })
    : new PrometheusExporter({ preventServerStart: true });
}

async function spanProcessors(target: TraceExport): Promise<SpanProcessor[]> {
  const { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  switch (target.kind) {
    case 'none':
      return [];
    case 'console': // printed as each span ends: this is for a developer watching
      return [new SimpleSpanProcessor(new ConsoleSpanExporter())];
    case 'otlp': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      return [new BatchSpanProcessor(new OTLPTraceExporter({ url: target.url }))];
    }
    case 'azure-monitor': {
      const { AzureMonitorTraceExporter } = await import('@azure/monitor-opentelemetry-exporter');
      const { connectionString } = target;
      return [new BatchSpanProcessor(new AzureMonitorTraceExporter({ connectionString }))];
    }
  }
}

/** Readers that push to the configured back end (the scrape reader is added separately). */
async function pushReaders(target: MetricExport): Promise<MetricReader[]> {
  const { ConsoleMetricExporter, PeriodicExportingMetricReader } = await import(
    '@opentelemetry/sdk-metrics'
  );
  switch (target.kind) {
    case 'none':
    case 'prometheus':
      return [];
    case 'console':
      return [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter() })];
    case 'otlp': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
      const exporter = new OTLPMetricExporter({ url: target.url });
      return [new PeriodicExportingMetricReader({ exporter })];
    }
    case 'azure-monitor': {
      const { AzureMonitorMetricExporter } = await import('@azure/monitor-opentelemetry-exporter');
      const exporter = new AzureMonitorMetricExporter({
        connectionString: target.connectionString,
      });
      return [new PeriodicExportingMetricReader({ exporter })];
    }
  }
}

/** Routes OpenTelemetry's internal diagnostics into the service's JSON log. */
function diagTo(log: Logger): DiagLogger {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      log[level]({ component: 'opentelemetry', args }, message);
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('trace'),
  };
}
