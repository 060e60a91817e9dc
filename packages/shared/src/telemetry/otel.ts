import { type Meter, metrics, type Tracer, trace } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Resource } from '@opentelemetry/resources';
import { pino } from 'pino';
import { startAzureMonitor } from './azure-monitor.js';
import {
  chooseExporters,
  type ExporterChoice,
  type MetricExport,
  type TelemetryOptions,
} from './exporters.js';
import { loadHttpSpans } from './http-spans.js';
import { logExportingPino, type PinoFactory, startRuntimeMetrics } from './instrumentations.js';
import { startNodeSdk } from './node-sdk.js';
import { type PrometheusMetrics, prometheusRoute } from './prometheus-route.js';
import { servePrometheus } from './prometheus-server.js';

export type StartTelemetryOptions = TelemetryOptions;

/** The process's telemetry; `shutdown()` flushes what is buffered (safe to call twice). */
export interface Telemetry {
  /** Where each signal goes. */
  readonly exporters: ExporterChoice;
  /**
   * The process's one meter provider, always on (whatever the exporter): `register(app)` serves
   * its instruments on the app's `/metrics`; the same instruments go to OTLP or Azure Monitor
   * when those are configured. `meter` is the global provider's, so `meter(name)` anywhere in
   * the process reaches the same readers.
   */
  readonly metrics: PrometheusMetrics;
  /**
   * When log records are exported (Azure Monitor: pino lines into the `traces` table), the pino
   * factory that sends them: pass it to `createLogger({ pino })` for the process's logger.
   */
  readonly logFactory?: PinoFactory;
  shutdown(): Promise<void>;
}

let started: Promise<Telemetry> | undefined;

/**
 * Starts the OpenTelemetry SDK once per process; later calls return the first handle and
 * ignore their options (the global providers can only be registered once). With `none` no
 * tracer provider and no push exporter is started, but the meter provider is, so `/metrics`
 * always answers. With `azure-monitor` the Azure Monitor distro owns the providers. SDK and
 * exporter modules are imported lazily because they cost most of a second of start-up; the only
 * instrumentations are explicit ones (fastify's plugin, runtime metrics, pino, the Azure SDK's):
 * nothing patches `http` globally.
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

/** `service.name` when OTEL_SERVICE_NAME does not say otherwise. */
export const defaultServiceName = (service: string) => `fleetscore-${service}`;

async function start(options: StartTelemetryOptions): Promise<Telemetry> {
  const exporters = chooseExporters(options);
  const resource = await resourceOf(options);
  const { scrape, stopServing } = await scrapeReader(exporters.metrics);
  let stop: () => Promise<void>;
  if (exporters.traces.kind === 'azure-monitor') {
    stop = await startAzureMonitor({
      connectionString: exporters.traces.connectionString,
      resource,
      sampler: options.sampler,
      scrape,
    });
  } else if (exporters.traces.kind === 'none' && !pushes(exporters.metrics)) {
    // No traces, no push: only the scrape reader behind the services' own `/metrics` route.
    const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
    const provider = new MeterProvider({ resource, readers: [scrape] });
    metrics.setGlobalMeterProvider(provider);
    stop = () => provider.shutdown();
  } else {
    stop = await startNodeSdk({ exporters, resource, sampler: options.sampler, scrape });
  }
  // After the providers: an instrumentation binds to the providers registered when it starts.
  const [runtime] = await Promise.all([startRuntimeMetrics(), loadHttpSpans()]);
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      runtime.disable();
      await Promise.all([stop(), stopServing()]);
    })());
  return {
    exporters,
    // The scope is the service's own name whatever OTEL_SERVICE_NAME says, as every `meter()`.
    metrics: {
      meter: meter(defaultServiceName(options.service)),
      register: prometheusRoute(scrape),
      shutdown,
    },
    ...(exporters.traces.kind === 'azure-monitor'
      ? { logFactory: await logExportingPino(pino) }
      : {}),
    shutdown,
  };
}

const pushes = (target: MetricExport) => target.kind === 'console' || target.kind === 'otlp';

/**
 * The resource: OTEL_RESOURCE_ATTRIBUTES, then the service's name and version, which the
 * specification lets OTEL_SERVICE_NAME override (the config has resolved that order).
 */
async function resourceOf(options: StartTelemetryOptions): Promise<Resource> {
  const [{ defaultResource, resourceFromAttributes }, semconv] = await Promise.all([
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const attributes = options.resourceAttributes ?? {};
  return defaultResource().merge(
    resourceFromAttributes({
      [semconv.ATTR_SERVICE_VERSION]: options.version ?? 'unknown',
      ...attributes,
      [semconv.ATTR_SERVICE_NAME]: options.serviceName ?? defaultServiceName(options.service),
      ...(options.version ? { [semconv.ATTR_SERVICE_VERSION]: options.version } : {}),
    }),
  );
}

/**
 * The pull reader behind `/metrics`. With the `prometheus` exporter it is also served on its own
 * port (Prometheus' registered 9464, for services without an HTTP app of their own).
 */
async function scrapeReader(
  target: MetricExport,
): Promise<{ scrape: PrometheusExporter; stopServing: () => Promise<void> }> {
  const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
  const scrape = new PrometheusExporter({ preventServerStart: true });
  const stopServing =
    target.kind === 'prometheus' ? await servePrometheus(scrape, target.port) : async () => {};
  return { scrape, stopServing };
}
