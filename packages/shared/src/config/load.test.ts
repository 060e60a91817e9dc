import { describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../errors.js';
import { ConfigError, loadConfig, loadConfigOrExit } from './load.js';
import { ingestConfigSchema, schedulerConfigSchema } from './services.js';

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('names every bad variable, its value and what is expected, in one message', () => {
    const error = problemsOf(() =>
      loadConfig(schedulerConfigSchema, {
        FLEETSCORE_SCHEDULER_PORT: '70000',
        FLEETSCORE_JOB_SIZE: 'many',
        FLEETSCORE_REDIS_URL: 'http://127.0.0.1:6380',
        FLEETSCORE_LOG_LEVEL: 'loud',
        FLEETSCORE_SCHEDULES: 'hourly=5 * * *',
        FLEETSCORE_TIMEZONE: 'Mars/Olympus',
        FLEETSCORE_OTEL_EXPORTER: 'azure-monitor',
      }),
    );
    expect(isFleetscoreError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error.problems.map((p) => p.variable)).toEqual([
      'FLEETSCORE_REDIS_URL',
      'FLEETSCORE_LOG_LEVEL',
      'FLEETSCORE_SCHEDULER_PORT',
      'FLEETSCORE_SCHEDULES',
      'FLEETSCORE_TIMEZONE',
      'FLEETSCORE_JOB_SIZE',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
    ]);
    expect(error.message).toContain('invalid configuration (7 problems');
    expect(error.message).toContain(
      'FLEETSCORE_SCHEDULER_PORT="70000": expected an integer from 1 to 65535',
    );
    expect(error.message).toContain('FLEETSCORE_JOB_SIZE="many": expected an integer from 1 to');
    expect(error.message).toContain(
      'FLEETSCORE_REDIS_URL="http://127.0.0.1:6380": expected a redis',
    );
    expect(error.message).toContain('FLEETSCORE_LOG_LEVEL="loud": expected one of fatal, error');
    expect(error.message).toContain(
      'APPLICATIONINSIGHTS_CONNECTION_STRING: not set; required when FLEETSCORE_OTEL_EXPORTER=azure-monitor',
    );
  });

  it('requires the azure variables only with the azure backend', () => {
    const error = problemsOf(() => loadConfig(ingestConfigSchema, { FLEETSCORE_BACKEND: 'azure' }));
    expect(error.problems.map((p) => p.variable)).toEqual([
      'FLEETSCORE_STORAGE_ACCOUNT_URL or FLEETSCORE_STORAGE_CONNECTION_STRING',
      'FLEETSCORE_EVENTHUBS_NAMESPACE or FLEETSCORE_EVENTHUBS_CONNECTION_STRING',
      'FLEETSCORE_SERVICEBUS_NAMESPACE or FLEETSCORE_SERVICEBUS_CONNECTION_STRING',
      'FLEETSCORE_EVENTHUB_NAME',
      'FLEETSCORE_SERVICEBUS_QUEUE',
      'FLEETSCORE_API_KEYS',
    ]);
    expect(error.message).toContain(
      'FLEETSCORE_EVENTHUB_NAME: not set; required when FLEETSCORE_BACKEND=azure',
    );
    expect(() => loadConfig(ingestConfigSchema, { FLEETSCORE_BACKEND: 'local' })).not.toThrow();
  });

  it('rejects a namespace and a connection string set together', () => {
    const error = problemsOf(() =>
      loadConfig(ingestConfigSchema, {
        FLEETSCORE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
        FLEETSCORE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }),
    );
    expect(error.message).toContain(
      'FLEETSCORE_STORAGE_ACCOUNT_URL: set together with FLEETSCORE_STORAGE_CONNECTION_STRING',
    );
  });

  it('never prints a secret value, and masks URL passwords', () => {
    const error = problemsOf(() =>
      loadConfig(ingestConfigSchema, {
        FLEETSCORE_API_KEYS: 'hunter2',
        FLEETSCORE_REDIS_URL: 'mysql://user:hunter3@db',
      }),
    );
    expect(error.message).toContain('FLEETSCORE_API_KEYS=(hidden): expected a comma-separated');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('hunter3');
  });

  it('masks the password of a URL too broken to parse, and before truncating', () => {
    const long = `redis://:${'p'.repeat(70)}hunter4@cache:no-port/${'x'.repeat(40)}`;
    for (const url of ['redis://:hunter4@cache:no-port', long]) {
      const error = problemsOf(() => loadConfig(ingestConfigSchema, { FLEETSCORE_REDIS_URL: url }));
      expect(error.message).toContain('redis://:');
      expect(error.message).not.toMatch(/hunter4|ppp/);
    }
  });
});

describe('loadConfigOrExit', () => {
  it('prints the one message without a stack trace and exits with code 2', () => {
    let printed = '';
    const codes: number[] = [];
    const stderr = { write: (text: string) => (printed += text) };
    expect(() =>
      loadConfigOrExit(
        ingestConfigSchema,
        { FLEETSCORE_INGEST_PORT: '0' },
        { stderr, exit: (code) => void codes.push(code) },
      ),
    ).toThrow(ConfigError);
    expect(codes).toEqual([2]);
    expect(printed).toBe(
      'invalid configuration (1 problem; see docs/configuration.md):\n' +
        '  FLEETSCORE_INGEST_PORT="0": expected an integer from 1 to 65535\n',
    );
  });

  it('returns the config when it is valid', () => {
    const exit = () => {
      throw new Error('should not exit');
    };
    expect(loadConfigOrExit(ingestConfigSchema, {}, { exit }).port).toBe(8081);
  });
});
