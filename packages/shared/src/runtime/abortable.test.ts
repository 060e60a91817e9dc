import { describe, expect, it } from 'vitest';
import { abortable } from './abortable.js';

describe('abortable', () => {
  it('settles as the promise does while the signal stays quiet', async () => {
    const signal = new AbortController().signal;
    await expect(abortable(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(abortable(Promise.reject(new Error('no')), signal)).rejects.toThrow('no');
  });

  it('rejects with the reason when the signal aborts first, and then ignores the promise', async () => {
    const controller = new AbortController();
    let fail!: (error: Error) => void;
    const never = new Promise<number>((_, reject) => {
      fail = reject;
    });
    const waiting = abortable(never, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    fail(new Error('late')); // handled: no unhandled rejection fails the run
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('before'));
    await expect(abortable(new Promise(() => {}), controller.signal)).rejects.toThrow('before');
  });
});
