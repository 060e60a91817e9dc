import type { Meter } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { scrapeText } from './prometheus-text.js';

/** Metrics served by the service's own HTTP app rather than a separate exporter port. */
export interface PrometheusMetrics {
  /** A meter whose instruments appear on the route. */
  readonly meter: Meter;
  /** Adds `GET <path>` (Prometheus text format 0.0.4) to the app. Default path `/metrics`. */
  register(app: FastifyInstance, path?: string): void;
  /** Stops the meter provider (idempotent). */
  shutdown(): Promise<void>;
}

/** Prometheus text format 0.0.4. */
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Left out of an OpenAPI document (`@fastify/swagger` reads `hide`): a scrape target. */
const HIDDEN = { hide: true } as FastifySchema;

/** `register` of a Prometheus reader: a route answering with the reader's scrape. */
export function prometheusRoute(exporter: PrometheusExporter): PrometheusMetrics['register'] {
  return (app, path = '/metrics') => {
    app.get(path, { schema: HIDDEN }, async (_request, reply) =>
      reply.type(CONTENT_TYPE).send(await scrapeText(exporter)),
    );
  };
}

/**
 * A meter provider of its own with a pull-only Prometheus reader, for tests that build many
 * apps per process. A service uses `startTelemetry`'s `metrics` instead: the one global
 * provider, whose instruments also reach the configured exporter (OTLP, Azure Monitor).
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
    register: prometheusRoute(exporter),
    shutdown: () => (stopping ??= provider.shutdown()),
  };
}
