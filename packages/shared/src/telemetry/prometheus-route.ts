import type { Meter } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/** Metrics served by the service's own HTTP app rather than a separate exporter port. */
export interface PrometheusMetrics {
  /** A meter whose instruments appear on the route. */
  readonly meter: Meter;
  /** Adds `GET <path>` (Prometheus text format 0.0.4) to the app. Default path `/metrics`. */
  register(app: FastifyInstance, path?: string): void;
  /** Stops the meter provider (idempotent). */
  shutdown(): Promise<void>;
}

/**
 * A meter provider of its own with a pull-only Prometheus reader (`preventServerStart`), so a
 * service can answer `/metrics` on its API port. It is deliberately not the global provider:
 * `startTelemetry` owns that (once per process), and tests build many apps per process. The
 * SDK modules are imported lazily, like startTelemetry's, to keep them off other services'
 * start-up.
 */
export async function createPrometheusMetrics(service: string): Promise<PrometheusMetrics> {
  const [{ MeterProvider }, { PrometheusExporter }, { resourceFromAttributes }] = await Promise.all(
    [
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/exporter-prometheus'),
      import('@opentelemetry/resources'),
    ],
  );
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': `fleetscore-${service}` }),
    readers: [exporter],
  });
  let stopping: Promise<void> | undefined;
  return {
    meter: provider.getMeter(`fleetscore-${service}`),
    register(app, path = '/metrics') {
      app.get(path, (request, reply) => {
        // The exporter writes the Node response itself (status, content type, body).
        reply.hijack();
        exporter.getMetricsRequestHandler(request.raw, reply.raw);
      });
    },
    shutdown: () => (stopping ??= provider.shutdown()),
  };
}
