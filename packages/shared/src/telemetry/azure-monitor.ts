import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { Resource } from '@opentelemetry/resources';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import { azureSampling, type SamplerSetting } from './sampler.js';

export interface AzureMonitorSetup {
  connectionString: string;
  resource: Resource;
  sampler: SamplerSetting | undefined;
  /** The reader behind the service's `/metrics`: one meter provider feeds both. */
  scrape: MetricReader;
}

/**
 * The distro's options. Its HTTP instrumentation is off: fastify's plugin makes the server
 * spans (one per request, with the route), and the Azure SDK makes a span per call to Storage,
 * Event Hubs and Service Bus (the dependencies), so patching `http` would only add a second
 * span per request and per call. The database instrumentations are off: no such client here.
 * Live Metrics, standard metrics and the rest keep the distro's defaults.
 */
export function azureMonitorOptions(setup: AzureMonitorSetup): AzureMonitorOpenTelemetryOptions {
  const off = { enabled: false };
  return {
    azureMonitorExporterOptions: { connectionString: setup.connectionString },
    resource: setup.resource,
    ...azureSampling(setup.sampler),
    instrumentationOptions: {
      azureSdk: { enabled: true },
      http: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
    },
    metricReaders: [setup.scrape],
  };
}

/**
 * Starts the Azure Monitor distro: traces (requests, dependencies, exceptions), metrics and logs
 * to Application Insights. It registers the process's providers itself (after clearing the
 * API's globals), so it must come before any tracer, meter or diagnostic logger is taken.
 * Returns its shutdown, which flushes what is buffered.
 */
export async function startAzureMonitor(setup: AzureMonitorSetup): Promise<() => Promise<void>> {
  const { shutdownAzureMonitor, useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor(azureMonitorOptions(setup));
  return shutdownAzureMonitor;
}
