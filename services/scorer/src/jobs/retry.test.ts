import { NonRetryableError, NotFoundError, UnavailableError } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../map-limit.js';
import { isEntityLevel, isTransient } from './failures.js';
import { retryTransient } from './retry.js';

describe('transient errors', () => {
  it('are unavailability, 5xx, timeouts and dropped connections', () => {
    expect(isTransient(new UnavailableError('down'))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { statusCode: 503 }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { statusCode: 404 }))).toBe(false);
    expect(isTransient(new NonRetryableError('bad'))).toBe(false);
    // An entity's own failure (missing version) fails the entity, not the job.
    expect(isEntityLevel(new NotFoundError('no v3'))).toBe(true);
    expect(isEntityLevel(new UnavailableError('down'))).toBe(false);
  });
});

describe('retryTransient', () => {
  it('retries transient failures with growing, jittered delays, then gives up', async () => {
    let calls = 0;
    const value = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 3) throw new UnavailableError('blip');
        return 'ok';
      },
      { baseMs: 1, maxMs: 2 },
    );
    expect([value, calls]).toEqual(['ok', 3]);

    calls = 0;
    const failing = retryTransient(
      async () => {
        calls += 1;
        throw new UnavailableError('down');
      },
      { tries: 3, baseMs: 1, maxMs: 1 },
    );
    await expect(failing).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const call = retryTransient(async () => {
      calls += 1;
      throw new NotFoundError('gone');
    });
    await expect(call).rejects.toThrow('gone');
    expect(calls).toBe(1);
  });
});

describe('mapLimit', () => {
  it('keeps order and never exceeds the limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (x) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
