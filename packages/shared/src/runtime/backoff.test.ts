import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.js';

describe('backoffMs', () => {
  const base = { baseMs: 100, maxMs: 1_000 };

  it('doubles per failure up to the cap, and counts from the first failure', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, base));
    expect(delays).toEqual([100, 100, 200, 400, 800, 1_000, 1_000]);
  });

  it('takes off at most the jitter share at random', () => {
    expect(backoffMs(1, { ...base, jitter: 0.1 }, () => 0.999)).toBe(90);
    expect(backoffMs(10, { ...base, jitter: 0.5 }, () => 0.5)).toBe(750);
    expect(backoffMs(3, { ...base, jitter: 0.5 }, () => 0)).toBe(400);
  });

  it('stays within [cap × (1 − jitter), cap] for any attempt, however large', () => {
    for (const attempt of [-5, 0, 1, 2, 17, 41, 1_000, 1e9]) {
      for (const jitter of [0, 0.1, 0.5, 1]) {
        for (const r of [0, 0.3, 0.999_999]) {
          const delay = backoffMs(attempt, { baseMs: 7, maxMs: 60_000, jitter }, () => r);
          const ceiling = Math.min(7 * 2 ** Math.max(0, Math.min(attempt - 1, 40)), 60_000);
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - jitter)));
        }
      }
    }
  });
});
