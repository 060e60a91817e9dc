import type { Resource } from '@opentelemetry/resources';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExporterChoice, MetricExport, TraceExport } from './exporters.js';
import { otelSampler, type SamplerSetting } from './sampler.js';

/**
 * The OpenTelemetry SDK for the console, OTLP and Prometheus exporters: the given resource (no
 * host or process detection: start-up work for attributes the platform already knows), the
 * sampler from the config, no log exporter (logs go to standard output through pino) and no
 * instrumentations of its own. Returns its shutdown.
 */
export async function startNodeSdk(options: {
  exporters: ExporterChoice;
  resource: Resource;
  sampler: SamplerSetting | undefined;
  scrape: MetricReader;
}): Promise<() => Promise<void>> {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    resource: options.resource,
    autoDetectResources: false,
    spanProcessors: await spanProcessors(options.exporters.traces),
    metricReaders: [options.scrape, ...(await pushReaders(options.exporters.metrics))],
    // An empty list stops the SDK from adding an OTLP log exporter from OTEL_LOGS_EXPORTER.
    logRecordProcessors: [],
    instrumentations: [],
    ...(options.sampler ? { sampler: await otelSampler(options.sampler) } : {}),
  });
  sdk.start();
  return () => sdk.shutdown();
}

async function spanProcessors(target: TraceExport): Promise<SpanProcessor[]> {
  const { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  switch (target.kind) {
    case 'console': // printed as each span ends: this is for a developer watching
      return [new SimpleSpanProcessor(new ConsoleSpanExporter())];
    case 'otlp': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      return [new BatchSpanProcessor(new OTLPTraceExporter({ url: target.url }))];
    }
    default: // none: no tracer provider at all (azure-monitor never comes here)
      return [];
  }
}

/** Readers that push to the configured back end (the scrape reader is added separately). */
async function pushReaders(target: MetricExport): Promise<MetricReader[]> {
  const { ConsoleMetricExporter, PeriodicExportingMetricReader } = await import(
    '@opentelemetry/sdk-metrics'
  );
  switch (target.kind) {
    case 'console':
      return [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter() })];
    case 'otlp': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
      const exporter = new OTLPMetricExporter({ url: target.url });
      return [new PeriodicExportingMetricReader({ exporter })];
    }
    default: // none, prometheus (the scrape reader serves it)
      return [];
  }
}
