import type {
  DeadLetterPage,
  JobPage,
  ModelDetail,
  ModelEntryBody,
  ModelPage,
  ModelVersionBody,
  ProblemBody,
  ReportBody,
  RetryResult,
  RunBody,
  RunPage,
  RunRequestBody,
} from '@fleetscore/scheduler';
import { parseEntityKey } from '@fleetscore/shared';
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

/** The API answered with a problem (RFC 9457): its title and detail make the message. */
export class ApiProblemError extends Error {
  readonly problem: ProblemBody;
  constructor(problem: ProblemBody) {
    super(
      problem.detail
        ? `${problem.title}: ${problem.detail}`
        : `${problem.title} (HTTP ${problem.status})`,
    );
    this.problem = problem;
  }
}

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

/** The client of `FLEETSCORE_API_URL` (default the local stack) with `FLEETSCORE_API_KEY`. */
export function apiClientFromEnv(env: NodeJS.ProcessEnv): ApiClient {
  const raw = env.FLEETSCORE_API_URL?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`FLEETSCORE_API_URL is not a URL: ${raw}`);
  }
  const apiKey = env.FLEETSCORE_API_KEY?.trim();
  return createApiClient(url.href.replace(/\/+$/, ''), apiKey || undefined);
}

/** `/v1/models/{device}[/{sensor}]` of an entity key, refused when it is not one. */
export function modelPath(entity: string): string {
  const parsed = parseEntityKey(entity);
  if (parsed === undefined)
    throw new UsageError(`not an entity: ${entity} (expected device/sensor or device)`);
  return `/v1/models/${parsed.device}${parsed.sensor === undefined ? '' : `/${parsed.sensor}`}`;
}

const runPath = (id: string) => `/v1/runs/${encodeURIComponent(id)}`;

export function createApiClient(baseUrl: string, apiKey?: string): ApiClient {
  async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const url = new URL(baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
    };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    let body: RequestInit['body'];
    if (options.bytes) {
      headers['content-type'] = 'application/octet-stream';
      body = options.bytes as Uint8Array<ArrayBuffer>;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `cannot reach the Fleetscore API at ${baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}); is the scheduler running? (FLEETSCORE_API_URL)`,
      );
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (isProblem(parsed)) throw new ApiProblemError(parsed);
      throw new Error(`${method} ${url.pathname}: HTTP ${response.status} from ${baseUrl}`);
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
