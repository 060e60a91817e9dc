import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { redactConfig, redactConnectionString, redactSecrets } from './redact.js';
import { ingestConfigSchema } from './services.js';

describe('redactConfig', () => {
  it('masks connection-string keys, API key hashes and URL passwords, keeping the rest', () => {
    const config = loadConfig(ingestConfigSchema, {
      FLEETSCORE_REDIS_URL: 'redis://:redispass@cache:6380',
      FLEETSCORE_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c3RvcmFnZWtleQ==;EndpointSuffix=core.windows.net',
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=ikey-1;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
      FLEETSCORE_API_KEYS: `${'ab'.repeat(32)}:reader`,
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
    expect(redacted.apiKeys).toEqual([{ hash: '[redacted]', roles: ['reader'] }]);
    expect(redacted.telemetry.appInsightsConnectionString).toContain('IngestionEndpoint=https://');
    expect(redacted.port).toBe(8081);
    expect(config.apiKeyHashes).toEqual(['ab'.repeat(32)]); // the original is untouched
  });

  it('keeps the local development connection string readable', () => {
    expect(redactConnectionString('UseDevelopmentStorage=true')).toBe('UseDevelopmentStorage=true');
    expect(redactConnectionString('opaque-token')).toBe('[redacted]');
  });
});

describe('redactSecrets', () => {
  it('masks URL passwords and connection-string secrets inside free text', () => {
    const text = [
      'Redis at redis://:hunter2@cache:6380: connect ECONNREFUSED',
      'rediss://user:p4ss@host/0 failed',
      'using DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0==;EndpointSuffix=x',
      'Endpoint=sb://ns/;SharedAccessKeyName=Root;SharedAccessKey=abc+/=',
      'GET https://a.blob.core.windows.net/c/b?sv=2024&sig=AbC%2Fd&se=1 → 403',
      '"InstrumentationKey=ikey-1;IngestionEndpoint=https://x/"',
    ].join('\n');
    const redacted = redactSecrets(text);
    for (const secret of ['hunter2', 'p4ss', 'c2VjcmV0', 'abc+/=', 'AbC%2Fd', 'ikey-1']) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('redis://:[redacted]@cache:6380');
    expect(redacted).toContain('AccountName=a;AccountKey=[redacted];EndpointSuffix=x');
    expect(redacted).toContain('SharedAccessKeyName=Root;SharedAccessKey=[redacted]');
    expect(redacted).toContain('sig=[redacted]&se=1');
  });

  it('leaves text without secrets as it is', () => {
    const text = 'connect ECONNREFUSED 127.0.0.1:6380 (https://example.com/a:b, x=1)';
    expect(redactSecrets(text)).toBe(text);
  });
});
