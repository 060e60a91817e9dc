import { describe, expect, it } from 'vitest';
import { assertJobId, consumePolicy, retryDelayMs } from './job-queue-policy.js';

describe('consumePolicy', () => {
  it('fills in the port defaults', () => {
    expect(consumePolicy()).toEqual({
      concurrency: 1,
      lockMs: 30_000,
      maxAttempts: 5,
      backoffMs: 1_000,
      maxBackoffMs: 60_000,
    });
  });

  it('rejects values no backend can honour', () => {
    expect(() => consumePolicy({ concurrency: 0 })).toThrow(RangeError);
    expect(() => consumePolicy({ maxAttempts: 1.5 })).toThrow(/maxAttempts/);
    expect(consumePolicy({ backoffMs: 0 }).backoffMs).toBe(0);
  });
});

describe('retryDelayMs', () => {
  const policy = { backoffMs: 100, maxBackoffMs: 1_000 };

  it('doubles per attempt up to the cap, without jitter at random() = 0', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, policy, () => 0));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('takes off at most 10 % at random, so the cap holds', () => {
    expect(retryDelayMs(1, policy, () => 0.999)).toBe(90);
    expect(retryDelayMs(10, policy, () => 0.5)).toBe(950);
    expect(retryDelayMs(1_000, policy)).toBeLessThanOrEqual(1_000);
  });
});

describe('assertJobId', () => {
  it('accepts ids both backends can carry', () => {
    expect(() => assertJobId('run-2024.17')).not.toThrow();
  });

  it.each(['', 'a:b', 'a#1', '123', 'x'.repeat(101)])('rejects %j', (id) => {
    expect(() => assertJobId(id)).toThrow(TypeError);
  });
});
