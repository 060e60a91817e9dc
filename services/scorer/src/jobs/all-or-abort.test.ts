import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { allOrAbort } from './all-or-abort.js';

/** A task that runs until aborted, recording when it stopped. */
function untilAborted(signal: AbortSignal, stops: string[], name: string): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => {
      // Settles a little later, as a request being cancelled does.
      void sleep(20).then(() => {
        stops.push(name);
        reject(signal.reason);
      });
    });
  });
}

describe('allOrAbort', () => {
  it('gives every value, in order, when all succeed', async () => {
    const values = await allOrAbort<[number, string]>(new AbortController().signal, () => [
      sleep(10).then(() => 1),
      Promise.resolve('b'),
    ]);
    expect(values).toEqual([1, 'b']);
  });

  it('aborts the others at the first failure, and throws it once they have settled', async () => {
    const stops: string[] = [];
    const boom = new Error('window read failed');
    let seen: AbortSignal | undefined;
    const outcome = allOrAbort<[never, never]>(new AbortController().signal, (signal) => {
      seen = signal;
      return [
        sleep(5).then(() => {
          throw boom;
        }),
        untilAborted(signal, stops, 'models'),
      ];
    });
    await expect(outcome).rejects.toBe(boom);
    // Already stopped when the failure reached the caller, not after.
    expect(stops).toEqual(['models']);
    expect(seen?.reason).toBe(boom);
  });

  it('passes the caller’s abort on to every task', async () => {
    const caller = new AbortController();
    const stops: string[] = [];
    const outcome = allOrAbort<[never, never]>(caller.signal, (signal) => [
      untilAborted(signal, stops, 'windows'),
      untilAborted(signal, stops, 'models'),
    ]);
    caller.abort(new Error('draining'));
    await expect(outcome).rejects.toThrow('draining');
    expect(stops.sort()).toEqual(['models', 'windows']);
  });
});
