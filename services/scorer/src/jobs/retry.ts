import pRetry from 'p-retry';
import { isTransient } from './failures.js';

export interface RetryOptions {
  /** Tries in all, ≥ 1. Default 5. */
  tries?: number;
  /** First delay, ms, doubled per try; each delay is this to twice this at random. Default 100. */
  baseMs?: number;
  /** Cap of a delay, ms. Default 5,000. */
  maxMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs `call`, retrying transient failures (`isTransient`) with exponential backoff and jitter;
 * a permanent failure is thrown at once. The scorer's ledger writes go through this: a job that
 * scored must not fail for a blip of the table.
 */
export function retryTransient<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { tries = 5, baseMs = 100, maxMs = 5_000, signal } = options;
  return pRetry(call, {
    retries: tries - 1,
    factor: 2,
    minTimeout: baseMs,
    maxTimeout: maxMs,
    randomize: true,
    shouldRetry: ({ error }) => isTransient(error),
    ...(signal === undefined ? {} : { signal }),
  });
}
