import { describe, expect, it } from 'vitest';
import { createShutdown } from './shutdown.js';

describe('createShutdown', () => {
  it('runs steps in reverse order once and exits 0', async () => {
    const order: string[] = [];
    const codes: number[] = [];
    const shutdown = createShutdown({ exit: (code) => void codes.push(code) });
    shutdown.add('server', async () => void order.push('server'));
    shutdown.add('intake', async () => void order.push('intake'));
    await Promise.all([shutdown.run('SIGTERM'), shutdown.run('SIGINT')]);
    expect(order).toEqual(['intake', 'server']);
    expect(codes).toEqual([0]);
  });

  it('keeps going after a failed step and exits 1', async () => {
    const order: string[] = [];
    const codes: number[] = [];
    const shutdown = createShutdown({ exit: (code) => void codes.push(code) });
    shutdown.add('a', async () => void order.push('a'));
    shutdown.add('b', async () => {
      throw new Error('boom');
    });
    await shutdown.run('test');
    expect(order).toEqual(['a']);
    expect(codes).toEqual([1]);
  });

  it('exits 1 when the deadline passes', async () => {
    const codes: number[] = [];
    const shutdown = createShutdown({ deadlineMs: 20, exit: (code) => void codes.push(code) });
    shutdown.add('stuck', () => new Promise((resolve) => setTimeout(resolve, 100)));
    await shutdown.run('test');
    expect(codes[0]).toBe(1);
  });
});
