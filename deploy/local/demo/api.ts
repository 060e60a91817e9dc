/**
 * The few REST calls the demo makes to the scheduler API (docs/api.md), with the session's
 * credential. Errors carry the problem's `detail`, so a failed call says why.
 */
import type { JobPage, ReportBody, RunBody } from '@fleetscore/shared';

export const ENDED_STATES: ReadonlySet<string> = new Set([
  'succeeded',
  'partial',
  'failed',
  'cancelled',
]);

export interface ApiClient {
  url: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function apiClient(url: string, headers: Record<string, string>): ApiClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    }
    return JSON.parse(text) as T;
  };
  return {
    url,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}

/** Jobs done (ended in any state) and total, from the run's `jobStates`. */
export function jobProgress(run: RunBody): { done: number; total: number } {
  const open =
    (run.jobStates.queued ?? 0) + (run.jobStates.running ?? 0) + (run.jobStates.failed ?? 0);
  return { done: Math.max(0, run.jobCount - open), total: run.jobCount };
}

/** Polls the run until it ends (1 s apart), reporting progress; resolves with the ended run. */
export async function waitForRun(
  api: ApiClient,
  runId: string,
  options: { timeoutMs: number; onProgress?: (run: RunBody) => void },
): Promise<RunBody> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const run = await api.get<RunBody>(`/v1/runs/${runId}`);
    options.onProgress?.(run);
    if (ENDED_STATES.has(run.state)) return run;
    if (Date.now() > deadline) {
      throw new Error(`run ${runId} still ${run.state} after ${options.timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Every job record of a run (all pages). */
export async function runJobs(api: ApiClient, runId: string): Promise<JobPage['items']> {
  const jobs: JobPage['items'] = [];
  let continuation: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(continuation ? { continuation } : {}) });
    const page = await api.get<JobPage>(`/v1/runs/${runId}/jobs?${query}`);
    jobs.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return jobs;
}

export const runReport = (api: ApiClient, runId: string) =>
  api.get<ReportBody>(`/v1/runs/${runId}/report`);
