// The scheduler as a process with the Azure Monitor distro, on the real local stack (Redis,
// Azurite), its Application Insights ingestion endpoint a local recorder: what arrives is what
// Application Insights would store — requests, dependencies, exceptions and log messages, tied
// together by operation ids.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTableClient } from '@fleetscore/shared/azure';
import {
  type FaultProxy,
  startFaultProxy,
  testStack,
  uniqueName,
} from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEnv, stackSettings } from '../../deploy/local/stack/index.js';
import { freePortBlock } from '../e2e/ports.js';
import { type ServiceProcess, startService, waitForStatus } from '../services/service-process.js';
import {
  type Envelope,
  type IngestionRecorder,
  RECORDER_CA,
  startIngestionRecorder,
} from './ingestion-recorder.js';

const { redisUrl, storageConnectionString } = testStack();
// The API and the internal listener (probes) on free ports of their own.
let api = '';
let ops = '';
const tablePrefix = uniqueName('ai').replace(/[^A-Za-z0-9]/g, '');

let recorder: IngestionRecorder;
let scheduler: ServiceProcess;
// Table Storage through a proxy the last test cuts: a backend failure under a live service.
let tables: FaultProxy;

beforeAll(async () => {
  recorder = await startIngestionRecorder();
  const base = await freePortBlock(2);
  api = `http://127.0.0.1:${base}`;
  ops = `http://127.0.0.1:${base + 1}`;
  const settings = stackSettings();
  tables = await startFaultProxy({ target: { host: settings.host, port: settings.tablePort } });
  const storage = stackEnv({ ...settings, tablePort: tables.port });
  // The distro's own settings file: Live Metrics off (it would poll its endpoint all along).
  const dir = mkdtempSync(join(tmpdir(), 'fleetscore-ai-'));
  const distroSettings = join(dir, 'applicationinsights.json');
  writeFileSync(distroSettings, JSON.stringify({ enableLiveMetrics: false }));
  scheduler = startService('scheduler', {
    FLEETSCORE_SCHEDULER_PORT: String(base),
    FLEETSCORE_SCHEDULER_HOST: '127.0.0.1',
    FLEETSCORE_HEALTH_PORT: String(base + 1),
    FLEETSCORE_REDIS_URL: redisUrl,
    FLEETSCORE_STORAGE_CONNECTION_STRING: storage.FLEETSCORE_STORAGE_CONNECTION_STRING,
    FLEETSCORE_BLOB_CONTAINER: uniqueName('ai'),
    FLEETSCORE_TABLE_PREFIX: tablePrefix,
    FLEETSCORE_JOB_QUEUE: uniqueName('ai'),
    FLEETSCORE_LOG_LEVEL: 'info',
    // The standard variables: every trace kept, and batches sent within half a second.
    APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${recorder.url};LiveEndpoint=${recorder.url}`,
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_BSP_SCHEDULE_DELAY: '500',
    OTEL_BLRP_SCHEDULE_DELAY: '500',
    APPLICATIONINSIGHTS_CONFIGURATION_FILE: distroSettings,
    NODE_EXTRA_CA_CERTS: RECORDER_CA,
    // Nothing leaves the machine: the exporter's own telemetry about itself is off, Azure
    // Monitor's settings service and anything else over HTTPS meets a proxy that refuses, and
    // the platform is the one Fleetscore deploys to (Container Apps), so the distro does not
    // probe the VM metadata address.
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
    HTTPS_PROXY: recorder.proxyUrl,
    NO_PROXY: '127.0.0.1,localhost',
    CONTAINER_APP_NAME: 'fleetscore-scheduler',
    CONTAINER_APP_REPLICA_NAME: 'fleetscore-scheduler--test',
  });
  await waitForStatus(`${ops}/readyz`, 200, 60_000);
});

afterAll(async () => {
  // SIGTERM, which tsx passes on to the service (a SIGKILL would leave the service running).
  scheduler?.child.kill('SIGTERM');
  await scheduler?.exited;
  await Promise.all([recorder?.close(), tables?.close()]);
  await createTableClient({
    connectionString: storageConnectionString,
    table: `${tablePrefix}runs`,
  })
    .deleteTable()
    .catch(() => undefined);
});

const kind = (envelope: Envelope) => envelope.data.baseType;
const operation = (envelope: Envelope) => envelope.tags['ai.operation.id'];
const field = (envelope: Envelope, name: string) => envelope.data.baseData[name];

/** Polls the recorder until `find` returns something; fails with what arrived otherwise. */
async function arrived<T>(what: string, find: (all: Envelope[]) => T | undefined): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const found = find(recorder.envelopes());
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      const seen = recorder
        .envelopes()
        .map((e) => `${kind(e)} ${field(e, 'name') ?? field(e, 'message')}`);
      throw new Error(
        `no ${what} arrived; got: ${seen.join(', ')}\n${scheduler.output().slice(-3000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const request = (name: string, code: string) => (all: Envelope[]) =>
  all.find(
    (e) =>
      kind(e) === 'RequestData' && field(e, 'name') === name && field(e, 'responseCode') === code,
  );

describe('the scheduler with the Azure Monitor distro', () => {
  it('sends a request, its storage dependencies and its log lines under one operation id', {
    timeout: 120_000,
  }, async () => {
    const response = await fetch(`${api}/v1/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { id: runId } = (await response.json()) as { id: string };

    const launched = await arrived('POST /v1/runs request', request('POST /v1/runs', '201'));
    expect(field(launched, 'success')).toBe(true);
    expect(launched.tags['ai.cloud.role']).toBe('fleetscore-scheduler');
    const id = operation(launched);
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    // The run's storage calls, made by the Azure SDK, as dependencies of that request.
    const storage = await arrived('a storage dependency', (all) =>
      all.find(
        (e) =>
          kind(e) === 'RemoteDependencyData' &&
          operation(e) === id &&
          /127\.0\.0\.1:1000[0-2]/.test(String(field(e, 'target') ?? field(e, 'data') ?? '')),
      ),
    );
    expect(field(storage, 'success')).toBe(true);
    // The run's launch: a message-queue dependency of the same operation.
    const launch = await arrived('the launch run dependency', (all) =>
      all.find((e) => operation(e) === id && field(e, 'name') === 'launch run'),
    );
    expect(field(launch, 'type')).toBe('Queue Message');

    // A pino line logged while the request ran: a message in the traces table, same operation.
    const message = await arrived('the run launched log message', (all) =>
      all.find((e) => kind(e) === 'MessageData' && field(e, 'message') === 'run launched'),
    );
    expect(operation(message)).toBe(id);
    expect(field(message, 'severityLevel')).toBe('Information');
    expect(field(message, 'properties')).toMatchObject({ runId, service: 'scheduler' });
  });

  it('sends a plain request as a successful request of an operation of its own', async () => {
    const response = await fetch(`${api}/v1/schedules`);
    expect(response.status).toBe(200);
    const schedules = await arrived(
      'GET /v1/schedules request',
      request('GET /v1/schedules', '200'),
    );
    expect(field(schedules, 'success')).toBe(true);
    // Built from server.address and url.path: Application Insights leaves the port out.
    expect(field(schedules, 'url')).toBe('http://127.0.0.1/v1/schedules');
    const launched = request('POST /v1/runs', '201')(recorder.envelopes());
    expect(operation(schedules)).not.toBe(launched && operation(launched));
    // The readiness probes (polled from the start) are neither requests nor dependencies.
    const probes = recorder
      .envelopes()
      .filter((e) => /readyz|healthz/.test(String(field(e, 'name') ?? '')));
    expect(probes).toEqual([]);
  });

  it('sends a failed request with its exception under the same operation id', async () => {
    // Table Storage goes away under the running service: the ledger's reads fail (503).
    tables.refuse();
    const response = await fetch(
      `${api}/v1/runs?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
    );
    expect(response.status).toBe(503);

    const failed = await arrived('the failed GET /v1/runs request', (all) =>
      all.find(
        (e) =>
          kind(e) === 'RequestData' &&
          field(e, 'name') === 'GET /v1/runs' &&
          field(e, 'responseCode') === '503',
      ),
    );
    expect(field(failed, 'success')).toBe(false);
    const exception = await arrived('its exception', (all) =>
      all.find((e) => kind(e) === 'ExceptionData' && operation(e) === operation(failed)),
    );
    const [details] = field(exception, 'exceptions') as Array<{
      typeName: string;
      message: string;
    }>;
    expect(details?.message).toBeTruthy();
    // Only Azure Monitor's settings service was tried, through the proxy, which refused it.
    for (const host of recorder.egress()) expect(host).toBe('settings.sdk.monitor.azure.com:443');
  });
});
