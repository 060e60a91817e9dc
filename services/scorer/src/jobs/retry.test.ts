import { NotFoundError, UnavailableError } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { retryTransient } from './retry.js';

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
