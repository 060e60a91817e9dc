import { describe, expect, it } from 'vitest';
import { apiConnection } from './api-connection.js';
import { UsageError } from './program.js';

const refused = (opts: Parameters<typeof apiConnection>[0], env: NodeJS.ProcessEnv = {}) => {
  try {
    apiConnection(opts, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('apiConnection', () => {
  it('defaults to the local scheduler, 30 s and no credential', () => {
    expect(apiConnection({}, {})).toEqual({
      baseUrl: 'http://127.0.0.1:8080',
      timeoutMs: 30_000,
      auth: { kind: 'none' },
    });
  });

  it('takes each option over its variable, and a variable over the default', () => {
    const env = {
      FLEETSCORE_API_URL: 'http://env.example:1/',
      FLEETSCORE_API_KEY: 'env-key',
      FLEETSCORE_API_TIMEOUT_SECONDS: '5',
    };
    expect(apiConnection({}, env)).toEqual({
      baseUrl: 'http://env.example:1',
      timeoutMs: 5000,
      auth: { kind: 'key', key: 'env-key', from: 'FLEETSCORE_API_KEY' },
    });
    expect(
      apiConnection(
        { apiUrl: 'https://api.example/fleetscore/', apiKey: 'option-key', timeout: '0.25' },
        env,
      ),
    ).toEqual({
      baseUrl: 'https://api.example/fleetscore',
      timeoutMs: 250,
      auth: { kind: 'key', key: 'option-key', from: '--api-key' },
    });
  });

  it('treats an empty variable as unset', () => {
    const env = { FLEETSCORE_API_URL: ' ', FLEETSCORE_API_KEY: '', FLEETSCORE_API_AUTH: '' };
    expect(apiConnection({}, env)).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
      auth: { kind: 'none' },
    });
  });

  it('refuses a malformed URL, naming where it came from', () => {
    expect(refused({ apiUrl: 'localhost:8080' })).toBe(
      '--api-url must be an http or https URL, got localhost:',
    );
    expect(refused({}, { FLEETSCORE_API_URL: 'not a url' })).toBe(
      'FLEETSCORE_API_URL is not a URL: not a url',
    );
    expect(refused({ apiUrl: '' })).toBe('--api-url is not a URL: (empty)');
    expect(refused({ apiUrl: 'http://h/?x=1' })).toMatch(/without a query or fragment/);
  });

  it('refuses a URL holding a password without echoing it', () => {
    const message = refused({ apiUrl: 'https://me:hunter2@api.example' });
    expect(message).toMatch(/^--api-url must not hold a user name or password/);
    expect(message).not.toContain('hunter2');
    expect(refused({ apiUrl: 'https://me:hunter2@[broken' })).not.toContain('hunter2');
  });

  it('refuses a key an HTTP header cannot carry without echoing it', () => {
    for (const key of ['sec ret', 'sécret', 'sec\nret']) {
      const message = refused({ apiKey: key });
      expect(message).toBe('--api-key holds characters an HTTP header cannot carry');
    }
    expect(refused({}, { FLEETSCORE_API_KEY: 'sec ret' })).toMatch(/^FLEETSCORE_API_KEY holds/);
  });

  it.each(['0', '-1', 'abc', '1e3', '3601', ''])('refuses the timeout %j', (timeout) => {
    expect(refused({ timeout })).toMatch(/^--timeout must be a number of seconds above 0/);
  });

  it('signs in with Entra ID for a scope, and sends no API key then', () => {
    const env = {
      FLEETSCORE_API_KEY: 'env-key',
      FLEETSCORE_API_SCOPE: 'api://fleetscore/.default',
    };
    expect(apiConnection({ auth: 'entra' }, env).auth).toEqual({
      kind: 'entra',
      scope: 'api://fleetscore/.default',
    });
    expect(apiConnection({}, { ...env, FLEETSCORE_API_AUTH: 'entra' }).auth).toMatchObject({
      kind: 'entra',
    });
    // The option wins over the variable here too.
    expect(apiConnection({ auth: 'key' }, { ...env, FLEETSCORE_API_AUTH: 'entra' }).auth).toEqual({
      kind: 'key',
      key: 'env-key',
      from: 'FLEETSCORE_API_KEY',
    });
    expect(
      apiConnection({ auth: 'entra', scope: '00000000-0000-0000-0000-000000000001/.default' }, {})
        .auth,
    ).toMatchObject({ scope: '00000000-0000-0000-0000-000000000001/.default' });
  });

  it('refuses Entra ID sign-in without a scope, with an audience for a scope, or with --api-key', () => {
    expect(refused({ auth: 'entra' })).toMatch(
      /--auth entra needs the API's scope: --scope or FLEETSCORE_API_SCOPE/,
    );
    expect(refused({ auth: 'entra', scope: 'api://fleetscore' })).toBe(
      '--scope is not a scope: api://fleetscore; expected <audience>/.default, e.g. api://fleetscore/.default',
    );
    expect(
      refused({ auth: 'entra' }, { FLEETSCORE_API_SCOPE: '00000000-0000-0000-0000-000000000001' }),
    ).toMatch(/^FLEETSCORE_API_SCOPE is not a scope/);
    const both = refused({ auth: 'entra', scope: 'api://x/.default', apiKey: 'secret-key' });
    expect(both).toBe('give either --api-key or --auth entra, not both');
    expect(refused({}, { FLEETSCORE_API_AUTH: 'msal' })).toBe(
      'FLEETSCORE_API_AUTH must be one of key, entra, got msal',
    );
  });
});
