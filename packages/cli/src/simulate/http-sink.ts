import { setTimeout as sleep } from 'node:timers/promises';
import { backoffMs, NonRetryableError, type Reading, UnavailableError } from '@fleetscore/shared';
import type { ReadingSink } from './run.js';

export interface HttpSinkOptions {
  /** Ingest base URL (`http://127.0.0.1:8081`); `/v1/readings` is appended unless present. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** Consecutive retries of one batch before giving up loudly. Default 20. */
  maxRetries?: number;
  /** First back-off when the server gives no Retry-After, doubled per retry. Default 200 ms. */
  backoffMs?: number;
  /** Ceiling of any wait, Retry-After included. Default 10,000 ms. */
  maxWaitMs?: number;
}

/** Where `--to` resolves: the ingest endpoint for a base URL, or the URL as given. */
export function readingsUrl(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/v1/readings')) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/readings`;
  }
  return url.toString();
}

/**
 * POSTs each batch as a JSON array through Node's fetch (undici keeps connections alive).
 * 202/2xx: done. 429, 5xx or a network error: wait (Retry-After when given, else exponential
 * back-off) and send the same batch again — never dropped, each retry counted. Other 4xx:
 * NonRetryableError with the server's answer, since resending cannot help.
 */
export function createHttpSink(options: HttpSinkOptions): ReadingSink & { retries: number } {
  const url = readingsUrl(options.url);
  const { maxRetries = 20, maxWaitMs = 10_000 } = options;
  const backoff = { baseMs: options.backoffMs ?? 200, maxMs: maxWaitMs };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const sink = {
    target: url,
    retries: 0,
    async write(batch: readonly Reading[], signal?: AbortSignal) {
      const body = JSON.stringify(batch);
      for (let attempt = 0; ; attempt++) {
        let wait = backoffMs(attempt + 1, backoff);
        let problem: string;
        try {
          const response = await fetch(url, { method: 'POST', headers, body, signal });
          const text = await response.text();
          if (response.ok) return;
          problem = `HTTP ${response.status} ${text.slice(0, 300)}`.trim();
          if (response.status < 500 && response.status !== 429) {
            throw new NonRetryableError(`${url} rejected a batch: ${problem}`);
          }
          const after = retryAfterMs(response.headers.get('retry-after'));
          if (after !== undefined) wait = Math.min(maxWaitMs, after);
        } catch (error) {
          if (error instanceof NonRetryableError || signal?.aborted) throw error;
          problem =
            error instanceof Error
              ? ((error.cause as Error | undefined)?.message ?? error.message)
              : String(error);
        }
        if (attempt >= maxRetries) {
          throw new UnavailableError(
            `${url} still failing after ${maxRetries} retries: ${problem}`,
          );
        }
        sink.retries += 1;
        await sleep(wait, undefined, { signal });
      }
    },
    async close() {},
  };
  return sink;
}

/** Retry-After as delay-seconds or an HTTP date → ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
