import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import {
  aggregatorConfigSchema,
  ingestConfigSchema,
  schedulerConfigSchema,
  scorerConfigSchema,
} from './services.js';

const HASH = 'AB'.repeat(32);

describe('service configs', () => {
  it('default to the local stack', () => {
    const config = loadConfig(ingestConfigSchema, {});
    expect(config).toEqual({
      backend: {
        kind: 'local',
        redisUrl: 'redis://127.0.0.1:6380',
        streamPartitions: 4,
        jobQueue: 'scoring',
      },
      storage: {
        connectionString: 'UseDevelopmentStorage=true',
        container: 'fleetscore',
        tablePrefix: 'fleetscore',
      },
      logLevel: 'info',
      telemetry: { traces: 'none', metrics: 'none', resourceAttributes: {}, prometheusPort: 9464 },
      host: '127.0.0.1',
      port: 8081,
      healthHost: '127.0.0.1',
      healthPort: 9081,
      maxBatch: 5000,
      retryAfterSeconds: 5,
      publishTimeoutMs: 10_000,
      rateLimit: { max: 600, windowSeconds: 60 },
      apiKeys: [],
      apiKeyHashes: [],
    });
    expect(loadConfig(aggregatorConfigSchema, {})).toMatchObject({
      windowSeconds: 5,
      lateToleranceSeconds: 5,
      healthPort: 8082,
    });
    expect(loadConfig(schedulerConfigSchema, {})).toMatchObject({
      port: 8080,
      healthHost: '127.0.0.1',
      healthPort: 9080,
      schedules: [{ name: 'hourly', cron: '5 * * * *' }],
      timeZone: 'UTC',
      jobSize: 50,
    });
    expect(loadConfig(scorerConfigSchema, {})).toMatchObject({
      concurrency: 2,
      healthPort: 8083,
      modelCache: { maxEntries: 1000, maxBytes: 256 * 1024 * 1024 },
    });
  });

  it('coerces and normalises text, and treats empty values as unset', () => {
    const ingest = loadConfig(ingestConfigSchema, {
      FLEETSCORE_INGEST_PORT: ' 9000 ',
      FLEETSCORE_INGEST_MAX_BATCH: '10',
      FLEETSCORE_API_KEYS: `${HASH}, ,${'0'.repeat(64)}`,
      FLEETSCORE_STREAM_PARTITIONS: '16',
      FLEETSCORE_LOG_LEVEL: '',
    });
    expect(ingest).toMatchObject({ port: 9000, maxBatch: 10, logLevel: 'info' });
    expect(ingest.apiKeyHashes).toEqual([HASH.toLowerCase(), '0'.repeat(64)]);
    expect(ingest.backend).toMatchObject({ streamPartitions: 16 });

    const scheduler = loadConfig(schedulerConfigSchema, {
      FLEETSCORE_SCHEDULES: 'hourly=5 * * * *; nightly = 0  2 * * 1-5 ;',
      FLEETSCORE_TIMEZONE: 'Europe/Amsterdam',
    });
    expect(scheduler.schedules).toEqual([
      { name: 'hourly', cron: '5 * * * *' },
      { name: 'nightly', cron: '0 2 * * 1-5' },
    ]);
    expect(scheduler.timeZone).toBe('Europe/Amsterdam');
  });

  it('reads the telemetry exporter, implied by an Application Insights connection string', () => {
    const appInsights = 'InstrumentationKey=00000000-0000-0000-0000-000000000000';
    const implied = loadConfig(scorerConfigSchema, {
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights,
    });
    expect(implied.telemetry).toMatchObject({
      traces: 'azure-monitor',
      metrics: 'azure-monitor',
      appInsightsConnectionString: appInsights,
    });
    const explicit = loadConfig(scorerConfigSchema, {
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights,
      FLEETSCORE_OTEL_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(explicit.telemetry).toMatchObject({
      traces: 'otlp',
      metrics: 'otlp',
      otlpEndpoint: 'http://collector:4318',
    });
  });

  it('resolves the azure backend with managed identity or connection strings', () => {
    const azure = {
      FLEETSCORE_BACKEND: 'azure',
      FLEETSCORE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
      FLEETSCORE_EVENTHUBS_NAMESPACE: 'fleet-ehns',
      FLEETSCORE_EVENTHUB_NAME: 'readings',
      FLEETSCORE_SERVICEBUS_CONNECTION_STRING:
        'Endpoint=sb://fleet-sb.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=k=',
      FLEETSCORE_SERVICEBUS_QUEUE: 'score-jobs',
      FLEETSCORE_API_KEYS: HASH,
    };
    const config = loadConfig(ingestConfigSchema, azure);
    expect(config.backend).toEqual({
      kind: 'azure',
      eventHubs: {
        fullyQualifiedNamespace: 'fleet-ehns.servicebus.windows.net',
        eventHubName: 'readings',
      },
      serviceBus: {
        connectionString: azure.FLEETSCORE_SERVICEBUS_CONNECTION_STRING,
        queueName: 'score-jobs',
      },
    });
    expect(config.storage).toMatchObject({ accountUrl: 'https://acct.blob.core.windows.net' });
  });

  it('accepts Entra ID tokens instead of API keys in azure, issuer and audience together', () => {
    const issuer = 'https://login.microsoftonline.com/tenant-1/v2.0';
    const azure = {
      FLEETSCORE_BACKEND: 'azure',
      FLEETSCORE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
      FLEETSCORE_EVENTHUBS_NAMESPACE: 'fleet-ehns',
      FLEETSCORE_EVENTHUB_NAME: 'readings',
      FLEETSCORE_SERVICEBUS_NAMESPACE: 'fleet-sb',
      FLEETSCORE_SERVICEBUS_QUEUE: 'score-jobs',
      FLEETSCORE_AUTH_ISSUER: issuer,
    };
    expect(() => loadConfig(ingestConfigSchema, azure)).toThrow(
      /FLEETSCORE_AUTH_AUDIENCE: the issuer \(or tenant\) and the audience go together/,
    );
    const config = loadConfig(ingestConfigSchema, {
      ...azure,
      FLEETSCORE_AUTH_AUDIENCE: 'api://x',
    });
    expect(config.jwt).toEqual({ issuer: [issuer], audience: ['api://x'] });
    expect(config.apiKeyHashes).toEqual([]);
  });

  it('derives both Entra ID issuers from a tenant, and takes lists of issuers and audiences', () => {
    const tenant = '72F988BF-86F1-41AF-91AB-2D7CD011DB47';
    const { FLEETSCORE_API_KEYS: _, ...azure } = {
      FLEETSCORE_BACKEND: 'azure',
      FLEETSCORE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
      FLEETSCORE_EVENTHUBS_NAMESPACE: 'fleet-ehns',
      FLEETSCORE_EVENTHUB_NAME: 'readings',
      FLEETSCORE_SERVICEBUS_NAMESPACE: 'fleet-sb',
      FLEETSCORE_SERVICEBUS_QUEUE: 'score-jobs',
      FLEETSCORE_API_KEYS: undefined,
    };
    expect(() =>
      loadConfig(ingestConfigSchema, { ...azure, FLEETSCORE_AUTH_TENANT_ID: tenant }),
    ).toThrow(/FLEETSCORE_AUTH_AUDIENCE: the issuer \(or tenant\) and the audience go together/);
    const config = loadConfig(schedulerConfigSchema, {
      ...azure,
      FLEETSCORE_AUTH_TENANT_ID: tenant,
      FLEETSCORE_AUTH_ISSUER:
        'https://idp.example.test/realm, https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
      FLEETSCORE_AUTH_AUDIENCE: '6e74172b-be56-4843-9ff4-e66a39bb12e3, api://fleetscore',
    });
    expect(config.jwt).toEqual({
      issuer: [
        'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
        'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
        'https://idp.example.test/realm',
      ],
      audience: ['6e74172b-be56-4843-9ff4-e66a39bb12e3', 'api://fleetscore'],
    });
    expect(() =>
      loadConfig(schedulerConfigSchema, {
        FLEETSCORE_AUTH_TENANT_ID: 'contoso.onmicrosoft.com',
        FLEETSCORE_AUTH_ISSUER: 'http://insecure.test/',
        FLEETSCORE_AUTH_AUDIENCE: 'api://x',
      }),
    ).toThrow(/FLEETSCORE_AUTH_TENANT_ID=.*GUID[\s\S]*FLEETSCORE_AUTH_ISSUER=.*https URLs/);
  });
});

describe('FLEETSCORE_SCHEDULES', () => {
  const read = (value: string) =>
    loadConfig(schedulerConfigSchema, { FLEETSCORE_SCHEDULES: value }).schedules;

  it('rejects a malformed list', () => {
    for (const bad of ['hourly=5 * * *', 'Hourly=5 * * * *', 'a=* * * * *;a=0 * * * *', ';']) {
      expect(() => read(bad), bad).toThrow(/FLEETSCORE_SCHEDULES=.*expected name=cron pairs/);
    }
    expect(read('half=0,30 * * * *')).toEqual([{ name: 'half', cron: '0,30 * * * *' }]);
  });
});

describe('aggregator window format and batch de-duplication', () => {
  it('default to NDJSON and 100,000 batch ids; 0 turns de-duplication off', () => {
    expect(loadConfig(aggregatorConfigSchema, {})).toMatchObject({
      windowFormat: 'ndjson',
      dedupeBatches: 100_000,
    });
    const set = loadConfig(aggregatorConfigSchema, {
      FLEETSCORE_WINDOW_FORMAT: 'parquet',
      FLEETSCORE_DEDUPE_BATCHES: '0',
    });
    expect(set).toMatchObject({ windowFormat: 'parquet', dedupeBatches: 0 });
  });

  it('rejects an unknown format and a negative bound, naming both', () => {
    expect(() =>
      loadConfig(aggregatorConfigSchema, {
        FLEETSCORE_WINDOW_FORMAT: 'json',
        FLEETSCORE_DEDUPE_BATCHES: '-1',
      }),
    ).toThrow(
      /FLEETSCORE_WINDOW_FORMAT=.*one of ndjson, csv, parquet[\s\S]*FLEETSCORE_DEDUPE_BATCHES/,
    );
  });
});
