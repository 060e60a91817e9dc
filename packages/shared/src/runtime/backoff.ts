export interface Backoff {
  /** The first delay, ms; doubled per attempt. */
  baseMs: number;
  /** The cap of a delay, ms (a true cap: jitter only takes off). */
  maxMs: number;
  /**
   * The share of a delay taken off at random, 0–1, so that retries of many clients do not
   * align. Default 0 (no jitter: a stream's reader retries alone).
   */
  jitter?: number;
}

/**
 * The delay after the `attempt`-th failure in a row (1-based), ms: `baseMs` doubled per
 * failure, capped at `maxMs`, less up to `jitter` of it at random. The one backoff formula:
 * job retries, stream readers, ledger writes and the simulator's sink all wait by it.
 */
export function backoffMs(
  attempt: number,
  { baseMs, maxMs, jitter = 0 }: Backoff,
  random: () => number = Math.random,
): number {
  // 2 ** 40 × any sane base is past every cap; the clamp keeps the product finite.
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const ceiling = Math.min(baseMs * 2 ** exponent, maxMs);
  return Math.round(ceiling * (1 - jitter * random()));
}
