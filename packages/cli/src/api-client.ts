import {
  type DeadLetterPage,
  type JobPage,
  type ModelDetail,
  type ModelEntryBody,
  type ModelPage,
  type ModelVersionBody,
  type ProblemBody,
  parseEntityKey,
  type ReportBody,
  type RetryResult,
  type RunBody,
  type RunPage,
  type RunRequestBody,
} from '@fleetscore/shared';
import { ApiProblemError, ApiRequestError } from './api-errors.js';
import { UsageError } from './program.js';

/** The scheduler's REST API as the CLI calls it (types from the API's own schemas). */
export interface ApiClient {
  readonly baseUrl: string;
  listRuns(query: RunListQuery): Promise<RunPage>;
  getRun(id: string): Promise<RunBody>;
  listJobs(id: string, continuation?: string): Promise<JobPage>;
  report(id: string): Promise<ReportBody>;
  trigger(request: RunRequestBody): Promise<RunBody>;
  retry(id: string): Promise<RetryResult>;
  cancel(id: string): Promise<RunBody>;
  deadLetters(continuation?: string): Promise<DeadLetterPage>;
  listModels(query: { device?: string; continuation?: string }): Promise<ModelPage>;
  getModel(entity: string): Promise<ModelDetail>;
  upload(
    entity: string,
    file: Uint8Array,
    options?: { current?: boolean; note?: string },
  ): Promise<ModelVersionBody>;
  setCurrent(entity: string, version: number): Promise<ModelEntryBody>;
  rollback(entity: string): Promise<ModelEntryBody>;
}

export interface RunListQuery {
  from?: string;
  to?: string;
  status?: string;
  limit?: number;
  continuation?: string;
}

/** How the client reaches the API; `api-connection.ts` builds it from options and variables. */
export interface ApiClientOptions {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Budget of each request, from sending it to the end of the answer's body, in ms. */
  timeoutMs: number;
  /** What each request is sent with; none when absent. */
  credential?: {
    /** The `Authorization` header's value, asked for before every request (cache there). */
    authorization(): Promise<string>;
    /** Says which credential was sent in a 401/403 message, e.g. `API key (--api-key)`. */
    label: string;
  };
}

/** `/v1/models/{device}[/{sensor}]` of an entity key, refused when it is not one. */
export function modelPath(entity: string): string {
  const parsed = parseEntityKey(entity);
  if (parsed === undefined)
    throw new UsageError(`not an entity: ${entity} (expected device/sensor or device)`);
  return `/v1/models/${parsed.device}${parsed.sensor === undefined ? '' : `/${parsed.sensor}`}`;
}

const runPath = (id: string) => `/v1/runs/${encodeURIComponent(id)}`;

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, timeoutMs, credential } = options;
  const within = `within ${timeoutMs / 1000} s (--timeout / FLEETSCORE_API_TIMEOUT_SECONDS)`;

  async function call<T>(method: string, path: string, request: CallOptions = {}): Promise<T> {
    const url = new URL(baseUrl + path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
    };
    // Signing in has its own bound (see entra-token.ts), so the request keeps its whole budget.
    if (credential) headers.authorization = await credential.authorization();
    let body: RequestInit['body'];
    if (request.bytes) {
      headers['content-type'] = 'application/octet-stream';
      body = request.bytes as Uint8Array<ArrayBuffer>;
    } else if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    const where = `${method} ${url.origin}${url.pathname}`;
    // One signal for the whole exchange: a server that sends its headers and then stalls the
    // body is as stuck as one that never answers.
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        signal,
        ...(body === undefined ? {} : { body }),
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new ApiRequestError('timeout', `${where}: no answer ${within}`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiRequestError(
        'unreachable',
        `cannot reach the Fleetscore API at ${baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}); is the scheduler running? (--api-url / FLEETSCORE_API_URL)`,
      );
    }
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (isProblem(parsed))
        throw new ApiProblemError(parsed, credential?.label ?? 'no credential');
      const refused = response.status === 401 || response.status === 403;
      const sent = refused ? ` (sent: ${credential?.label ?? 'no credential'})` : '';
      throw new Error(`${where}: HTTP ${response.status}${sent}`);
    }
    return parsed as T;
  }

  return {
    baseUrl,
    listRuns: (query) => call('GET', '/v1/runs', { query: { ...query } }),
    getRun: (id) => call('GET', runPath(id)),
    listJobs: (id, continuation) =>
      call('GET', `${runPath(id)}/jobs`, { query: { continuation, limit: 1000 } }),
    report: (id) => call('GET', `${runPath(id)}/report`),
    trigger: (request) => call('POST', '/v1/runs', { json: request }),
    retry: (id) => call('POST', `${runPath(id)}/retry`),
    cancel: (id) => call('POST', `${runPath(id)}/cancel`),
    deadLetters: (continuation) => call('GET', '/v1/dead-letters', { query: { continuation } }),
    listModels: (query) => call('GET', '/v1/models', { query: { ...query, limit: 1000 } }),
    getModel: (entity) => call('GET', modelPath(entity)),
    upload: (entity, file, options = {}) =>
      call('POST', `${modelPath(entity)}/versions`, {
        bytes: file,
        query: { current: options.current === false ? 'false' : undefined, note: options.note },
      }),
    setCurrent: (entity, version) =>
      call('POST', `${modelPath(entity)}/current`, { json: { version } }),
    rollback: (entity) => call('POST', `${modelPath(entity)}/rollback`),
  };
}

interface CallOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  bytes?: Uint8Array;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is ProblemBody {
  return typeof value === 'object' && value !== null && 'title' in value && 'status' in value;
}
