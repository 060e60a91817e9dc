import { createServer } from 'node:http';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { scrapeText } from './prometheus-text.js';

/**
 * The `prometheus` exporter's own `/metrics` port (for a service whose HTTP app is elsewhere),
 * answering with the same text as the services' routes: the exporter's built-in server would
 * leave the runtime metrics' names without their units. Returns its close.
 */
export async function servePrometheus(
  exporter: PrometheusExporter,
  port: number,
): Promise<() => Promise<void>> {
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    scrapeText(exporter).then(
      (text) =>
        response
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
          .end(text),
      (error: unknown) => response.writeHead(500).end(`# failed to collect metrics: ${error}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Every interface, as the exporter's own server listens: a scrape comes from elsewhere.
    server.listen(port, () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
