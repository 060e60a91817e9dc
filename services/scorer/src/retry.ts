import { isTransient } from './errors.js';

export interface RetryOptions {
  /** Tries in all, ≥ 1. Default 5. */
  tries?: number;
  /** First delay, ms, doubled per try. Default 200. */
  baseMs?: number;
  /** Cap of a delay, ms. Default 5,000. */
  maxMs?: number;
  signal?: AbortSignal;
  /** Default Math.random; for tests. */
  random?: () => number;
}

/** The delay before try `n + 1` after failed try `n` (1-based): exponential, "full jitter". */
export function backoffMs(n: number, options: RetryOptions = {}, random = Math.random): number {
  const { baseMs = 200, maxMs = 5_000 } = options;
  const ceiling = Math.min(baseMs * 2 ** Math.min(n - 1, 30), maxMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Runs `call`, retrying transient failures with exponential backoff and jitter. The scorer's
 * ledger writes go through this: a job that scored must not fail for a blip of the table.
 * (p-retry is a dependency of @fleetscore/shared, not of the scorer, hence this small twin.)
 */
export async function retryTransient<T>(
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const tries = options.tries ?? 5;
  for (let n = 1; ; n += 1) {
    try {
      return await call();
    } catch (error) {
      if (n >= tries || !isTransient(error) || options.signal?.aborted) throw error;
      await sleep(backoffMs(n, options, options.random), options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
