import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { redactConfig, redactConnectionString } from './redact.js';
import { ingestConfigSchema } from './services.js';

describe('redactConfig', () => {
  it('masks connection-string keys, API key hashes and URL passwords, keeping the rest', () => {
    const config = loadConfig(ingestConfigSchema, {
      FLEETSCORE_REDIS_URL: 'redis://:redispass@cache:6380',
      FLEETSCORE_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c3RvcmFnZWtleQ==;EndpointSuffix=core.windows.net',
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=ikey-1;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
      FLEETSCORE_API_KEYS: 'ab'.repeat(32),
    });
    const redacted = redactConfig(config);
    const text = JSON.stringify(redacted);
    for (const secret of ['redispass', 'c3RvcmFnZWtleQ', 'ikey-1', 'ab'.repeat(32)]) {
      expect(text).not.toContain(secret);
    }
    expect(redacted.storage).toMatchObject({
      connectionString:
        'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[redacted];EndpointSuffix=core.windows.net',
    });
    expect(redacted.backend).toMatchObject({ redisUrl: 'redis://:%5Bredacted%5D@cache:6380' });
    expect(redacted.apiKeyHashes).toEqual(['[redacted]']);
    expect(redacted.telemetry.appInsightsConnectionString).toContain('IngestionEndpoint=https://');
    expect(redacted.port).toBe(8081);
    expect(config.apiKeyHashes).toEqual(['ab'.repeat(32)]); // the original is untouched
  });

  it('keeps the local development connection string readable', () => {
    expect(redactConnectionString('UseDevelopmentStorage=true')).toBe('UseDevelopmentStorage=true');
    expect(redactConnectionString('opaque-token')).toBe('[redacted]');
  });
});
