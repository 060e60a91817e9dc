import { redactSecrets } from '@fleetscore/shared';
import { type Command, Option } from 'commander';
import { type ApiClient, type ApiClientOptions, createApiClient } from './api-client.js';
import { entraTokens } from './entra-token.js';
import { type Io, UsageError } from './program.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';
/** Per request; long waits (`runs trigger --wait`) poll with short requests instead. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** Longer than any sane single request: a bigger value is taken for a typo. */
const MAX_TIMEOUT_SECONDS = 3600;
export const AUTH_METHODS = ['key', 'entra'] as const;

/** The connection options as commander leaves them: strings, validated by `apiConnection`. */
export interface ApiOptions {
  apiUrl?: string;
  apiKey?: string;
  timeout?: string;
  auth?: (typeof AUTH_METHODS)[number];
  scope?: string;
}

export type ApiAuth =
  | { kind: 'none' }
  | { kind: 'key'; key: string; from: string }
  | { kind: 'entra'; scope: string };

export interface ApiConnection {
  baseUrl: string;
  timeoutMs: number;
  auth: ApiAuth;
}

/**
 * Adds the connection options to a command group (`runs`, `models`): they are then accepted
 * before or after the sub-command, and each sub-command's `--help` lists them. Call it before
 * adding the sub-commands, which copy the help settings when they are created.
 */
export function addApiOptions(command: Command): Command {
  return command
    .option('--api-url <url>', `the REST API (FLEETSCORE_API_URL; default ${DEFAULT_API_URL})`)
    .option(
      '--api-key <key>',
      'sent as Authorization: Bearer <key> (FLEETSCORE_API_KEY, better: a command line is visible to other users)',
    )
    .option(
      '--timeout <seconds>',
      `give up on a request after this long (FLEETSCORE_API_TIMEOUT_SECONDS; default ${DEFAULT_TIMEOUT_SECONDS})`,
    )
    .addOption(
      new Option(
        '--auth <method>',
        'key: send the API key, if any; entra: sign in with Entra ID (az login, managed identity, AZURE_* variables) and send its token (FLEETSCORE_API_AUTH; default key)',
      ).choices(AUTH_METHODS),
    )
    .option(
      '--scope <scope>',
      "Entra ID scope for --auth entra: the API's <audience>/.default (FLEETSCORE_API_SCOPE)",
    )
    .configureHelp({ ...command.configureHelp(), showGlobalOptions: true });
}

/**
 * Where and how to call the API: each setting from its option, else its variable, else its
 * default. Anything malformed is a UsageError (exit 2) naming the option or variable it came
 * from; the API key never appears in a message.
 */
export function apiConnection(opts: ApiOptions, env: NodeJS.ProcessEnv): ApiConnection {
  const url = setting(opts.apiUrl, '--api-url', env, 'FLEETSCORE_API_URL');
  const key = setting(opts.apiKey, '--api-key', env, 'FLEETSCORE_API_KEY');
  const timeout = setting(opts.timeout, '--timeout', env, 'FLEETSCORE_API_TIMEOUT_SECONDS');
  const auth = setting(opts.auth, '--auth', env, 'FLEETSCORE_API_AUTH');
  const scope = setting(opts.scope, '--scope', env, 'FLEETSCORE_API_SCOPE');

  const method = auth?.value ?? 'key';
  if (!(AUTH_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`${auth?.from} must be one of ${AUTH_METHODS.join(', ')}, got ${method}`);
  }
  let apiAuth: ApiAuth = { kind: 'none' };
  if (method === 'entra') {
    if (key?.from === '--api-key') {
      throw new UsageError('give either --api-key or --auth entra, not both');
    }
    if (!scope) {
      throw new UsageError(
        "--auth entra needs the API's scope: --scope or FLEETSCORE_API_SCOPE, e.g. api://fleetscore/.default",
      );
    }
    apiAuth = { kind: 'entra', scope: checkScope(scope.value, scope.from) };
  } else if (key) {
    // fetch would refuse the header with the key in its message; refuse it here without.
    if (!/^[\x21-\x7e]+$/.test(key.value)) {
      throw new UsageError(`${key.from} holds characters an HTTP header cannot carry`);
    }
    apiAuth = { kind: 'key', key: key.value, from: key.from };
  }
  return {
    baseUrl: url ? baseUrlOf(url.value, url.from) : DEFAULT_API_URL,
    timeoutMs: timeout ? timeoutOf(timeout.value, timeout.from) : DEFAULT_TIMEOUT_SECONDS * 1000,
    auth: apiAuth,
  };
}

/** The API client for a command's options; an Entra credential is built on its first request. */
export function apiClientFor(opts: ApiOptions, io: Io): ApiClient {
  const { baseUrl, timeoutMs, auth } = apiConnection(opts, io.env);
  let credential: ApiClientOptions['credential'];
  if (auth.kind === 'key') {
    const header = `Bearer ${auth.key}`;
    credential = { authorization: async () => header, label: `API key (${auth.from})` };
  } else if (auth.kind === 'entra') {
    const token = entraTokens({ credential: io.credential, scope: auth.scope, timeoutMs });
    credential = {
      authorization: async () => `Bearer ${await token()}`,
      label: `Entra ID token for ${auth.scope}`,
    };
  }
  return createApiClient({ baseUrl, timeoutMs, ...(credential ? { credential } : {}) });
}

/** An option as given (even empty: that is a mistake to report), else a non-empty variable. */
function setting(option: string | undefined, flag: string, env: NodeJS.ProcessEnv, name: string) {
  if (option !== undefined) return { value: option.trim(), from: flag };
  const value = env[name]?.trim();
  return value ? { value, from: name } : undefined;
}

function baseUrlOf(value: string, from: string): string {
  if (!URL.canParse(value)) {
    throw new UsageError(`${from} is not a URL: ${redactSecrets(value) || '(empty)'}`);
  }
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${from} must be an http or https URL, got ${url.protocol}`);
  }
  // Not echoed: the password is a secret, and fetch refuses such URLs anyway.
  if (url.username || url.password) {
    throw new UsageError(
      `${from} must not hold a user name or password; give a key with --api-key or FLEETSCORE_API_KEY`,
    );
  }
  if (url.search || url.hash) {
    throw new UsageError(`${from} must be a base URL, without a query or fragment: ${url.href}`);
  }
  // A path is kept: the API may sit under a prefix behind a gateway.
  return url.href.replace(/\/+$/, '');
}

function timeoutOf(value: string, from: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(
      `${from} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, got ${value}`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * A scope is `<audience>/<permission>`, for an app calling as itself `<audience>/.default`.
 * The audience alone (`api://fleetscore`, a client id) is the usual mistake: Entra would
 * answer with an `AADSTS` error after a round trip, so it is caught here with the fix.
 */
function checkScope(value: string, from: string): string {
  const path = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (/\s/.test(value) || !/\/[^/]+$/.test(path)) {
    throw new UsageError(
      `${from} is not a scope: ${value}; expected <audience>/.default, e.g. api://fleetscore/.default`,
    );
  }
  return value;
}
