import pMap from 'p-map';
import { describe, expect, it } from 'vitest';

/**
 * What the scorer's jobs rely on from p-map, the lanes over a job's entities and model loads:
 * outcomes in the job's entity order (the record's `counts`, the log), and no more than
 * `concurrency` entities' models and rows in memory at once.
 */
describe('p-map, as the jobs use it', () => {
  it('keeps order and never exceeds the limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await pMap(
      [5, 1, 4, 2, 3],
      async (x) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running -= 1;
        return x * 10;
      },
      { concurrency: 2 },
    );
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('starts no new item after a failure (the job fails as a whole)', async () => {
    const started: number[] = [];
    const run = pMap(
      [1, 2, 3, 4, 5],
      async (x) => {
        started.push(x);
        await new Promise((r) => setImmediate(r));
        if (x === 1) throw new Error('storage down');
        return x;
      },
      { concurrency: 2 },
    );
    await expect(run).rejects.toThrow('storage down');
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([1, 2]);
  });
});
