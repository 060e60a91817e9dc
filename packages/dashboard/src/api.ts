import type { Page } from '@fleetscore/shared/ledger';

const KEY_ITEM = 'fleetscore.apiKey';

/** The API key, entered once per browser session (sessionStorage: gone when the tab closes). */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_ITEM),
  set: (key: string) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

/** A problem (RFC 9457) answered by the API; `type` is the stable URN to branch on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const isProblem = (error: unknown, type: string): error is ApiError =>
  error instanceof ApiError && error.type === `urn:fleetscore:problem:${type}`;

/** Fired on every 401, so the key form can ask for a (new) key. */
export const UNAUTHORIZED_EVENT = 'fleetscore:unauthorized';

/** Calls the API on the page's own origin (the scheduler serves both), with the key if any. */
export async function api<T>(
  path: string,
  init: { method?: 'GET' | 'POST'; query?: Record<string, string | undefined> } = {},
): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(init.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = apiKey.get();
  if (key) headers['x-api-key'] = key;
  const response = await fetch(url, { method: init.method ?? 'GET', headers });
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string };
  if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  throw new ApiError(
    response.status,
    problem.type ?? 'about:blank',
    problem.detail ?? `${response.status} ${response.statusText}`,
  );
}

/** Every item of a paged list, following `continuation` (bounded, so a huge list cannot hang the page). */
export async function all<T>(
  path: string,
  query: Record<string, string | undefined> = {},
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let continuation: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const body = await api<Page<T>>(path, { query: { ...query, continuation } });
    items.push(...body.items);
    continuation = body.continuation;
    if (continuation === undefined) break;
  }
  return items;
}

/** Path segments are ids the API validated; encode them anyway. */
export const seg = (value: string | number) => encodeURIComponent(String(value));
