// Every service's /metrics, scraped from real processes on the local stack, passes the
// exposition checks (promtool-style): the OpenTelemetry exporter port of each service
// (FLEETSCORE_OTEL_EXPORTER=prometheus) and the routes on the services' internal listeners
// (FLEETSCORE_HEALTH_PORT; the ingest and the scheduler serve their API on another port).
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServiceProcess, startService, waitForStatus } from '../services/service-process.js';
import { checkExposition } from './exposition.js';

const { redisUrl, storageConnectionString } = testStack();
// Names of their own, so the services touch no other suite's stream, queue, tables or blobs.
const env = {
  FLEETSCORE_REDIS_URL: redisUrl,
  FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
  FLEETSCORE_BLOB_CONTAINER: uniqueName('metrics'),
  FLEETSCORE_TABLE_PREFIX: uniqueName('m').replace(/[^A-Za-z0-9]/g, ''),
  FLEETSCORE_JOB_QUEUE: uniqueName('metrics'),
  FLEETSCORE_STREAM_NAME: uniqueName('metrics'),
  FLEETSCORE_AGGREGATOR_GROUP: uniqueName('metrics'),
  FLEETSCORE_OTEL_EXPORTER: 'prometheus',
  FLEETSCORE_LOG_LEVEL: 'warn',
};
const running: ServiceProcess[] = [];
afterAll(() => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
});

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** Polls a scrape until it has `family` (an instrument appears once it has a value). */
async function scrapeWith(url: string, family: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await scrape(url);
    if (new RegExp(`^# TYPE ${family} `, 'm').test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const services = [
  {
    name: 'ingest',
    env: {
      FLEETSCORE_INGEST_PORT: '18391',
      FLEETSCORE_INGEST_HOST: '127.0.0.1',
      FLEETSCORE_HEALTH_PORT: '18381',
    },
    port: 18381,
    apiPort: 18391,
    prometheusPort: 19461,
    // Instruments of the OpenTelemetry meter, on both endpoints.
    families: ['fleetscore_ingest_readings_accepted_total'],
    routeFamilies: ['fleetscore_ingest_readings_accepted_total'],
  },
  {
    name: 'aggregator',
    env: { FLEETSCORE_HEALTH_PORT: '18382' },
    port: 18382,
    prometheusPort: 19462,
    families: ['fleetscore_aggregator_open_windows'],
    routeFamilies: ['fleetscore_aggregator_open_windows'],
  },
  {
    name: 'scheduler',
    env: {
      FLEETSCORE_SCHEDULER_PORT: '18393',
      FLEETSCORE_SCHEDULER_HOST: '127.0.0.1',
      FLEETSCORE_HEALTH_PORT: '18383',
    },
    port: 18383,
    prometheusPort: 19463,
    families: ['fleetscore_scheduler_queue_jobs'],
    // The same instruments on the API's /metrics: queue depth, runs by state, desired replicas.
    routeFamilies: [
      'fleetscore_scheduler_queue_jobs',
      'fleetscore_scheduler_runs',
      'fleetscore_scheduler_desired_replicas',
    ],
  },
  {
    name: 'scorer',
    env: { FLEETSCORE_HEALTH_PORT: '18384' },
    port: 18384,
    prometheusPort: 19464,
    families: ['target_info'],
    // On its health port since it has no other HTTP app.
    routeFamilies: ['nodejs_eventloop_delay_p99_seconds'],
  },
];

describe.each(services)('/metrics of $name', (service) => {
  it('parses and follows the exposition rules', { timeout: 120_000 }, async () => {
    const child = startService(service.name, {
      ...env,
      ...service.env,
      FLEETSCORE_PROMETHEUS_PORT: String(service.prometheusPort),
    });
    running.push(child);
    await waitForStatus(`http://127.0.0.1:${service.port}/readyz`, 200, 45_000);
    if (service.name === 'ingest') {
      const response = await fetch(`http://127.0.0.1:${service.apiPort}/v1/readings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { device: 'mdev', sensor: 's1', ts: new Date().toISOString(), value: 1 },
        ]),
      });
      expect(response.status).toBe(202);
    }

    const [family] = service.families;
    const exporter = await scrapeWith(
      `http://127.0.0.1:${service.prometheusPort}/metrics`,
      family ?? 'target_info',
    );
    const checked = checkExposition(exporter);
    expect(checked.problems).toEqual([]);
    const names = checked.families.map((f) => f.name);
    expect(names).toContain('target_info');
    expect(names).toEqual(expect.arrayContaining(service.families));
    // Every process has the Node runtime metrics, their units in their names.
    expect(names).toEqual(
      expect.arrayContaining(['v8js_memory_heap_used_bytes', 'nodejs_eventloop_utilization_ratio']),
    );

    {
      const route = await scrapeWith(
        `http://127.0.0.1:${service.port}/metrics`,
        service.routeFamilies[0] ?? '',
      );
      const onRoute = checkExposition(route);
      expect(onRoute.problems).toEqual([]);
      expect(onRoute.families.map((f) => f.name)).toEqual(
        expect.arrayContaining(service.routeFamilies),
      );
    }
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });
});
