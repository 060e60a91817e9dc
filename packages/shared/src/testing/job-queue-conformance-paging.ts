/** JobQueue conformance: listing the dead letters a page at a time. */
import { expect, it } from 'vitest';
import { isFleetscoreError, NonRetryableError } from '../errors.js';
import type { DeadLetter, JobQueue } from '../ports/job-queue.js';
import {
  allDeadLetters,
  type ConformanceContext,
  type ConformancePayload,
  recorder,
  waitFor,
} from './job-queue-conformance-kit.js';

type Letters = DeadLetter<ConformancePayload>[];

export function pagingTests(context: ConformanceContext): void {
  const { consume, enqueue } = context;
  const h = () => context.h;

  /** Dead-letters `count` jobs `page-0`…, one after another (so in that order), then stops consuming. */
  async function deadLetterJobs(count: number): Promise<string[]> {
    const seen = recorder(async (job) => {
      throw new NonRetryableError(`bad input in ${job.id}`);
    });
    const consumer = consume(h().queue, seen.handler);
    const ids = Array.from({ length: count }, (_, i) => `page-${i}`);
    for (const id of ids) await enqueue(id);
    await waitFor(
      `${count} dead letters`,
      async () => (await allDeadLetters(h().queue)).length === count,
    );
    await consumer.close({ deadlineMs: 0 });
    return ids;
  }

  /** Reads the next page; `limit` as given. */
  const page = (queue: JobQueue<ConformancePayload>, limit: number, continuation?: string) =>
    queue.deadLetters({ limit, ...(continuation ? { continuation } : {}) });
  const ids = (letters: Letters) => letters.map((letter) => letter.id);

  it('pages the dead letters oldest first, none skipped or repeated', async () => {
    expect(await h().queue.deadLetters()).toEqual({ letters: [] });
    const all = await deadLetterJobs(7);
    const pages: string[][] = [];
    let continuation: string | undefined;
    do {
      const next = await page(h().queue, 3, continuation);
      expect(next.letters.length).toBeLessThanOrEqual(3);
      pages.push(ids(next.letters));
      continuation = next.continuation;
    } while (continuation !== undefined);
    expect(pages.flat()).toEqual(all);
    expect(pages.slice(0, 3)).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6)]);
    // The same listing again, through another handle (another process), gives the same pages.
    const peer = await h().openPeer();
    expect(ids(await allDeadLetters(peer, 3))).toEqual(all);
    expect(ids(await allDeadLetters(h().queue, 100))).toEqual(all);
  });

  it('moves no other letter across a page boundary when one is replayed between pages', async () => {
    const all = await deadLetterJobs(6);
    const first = await page(h().queue, 2);
    expect(ids(first.letters)).toEqual(all.slice(0, 2));
    // Replay a letter already listed, and one not listed yet.
    expect(await h().queue.replayDeadLetter(all[1]!)).toBe(true);
    expect(await h().queue.replayDeadLetter(all[4]!)).toBe(true);
    const second = await page(h().queue, 2, first.continuation);
    const third = await page(h().queue, 2, second.continuation);
    expect(ids(second.letters)).toEqual([all[2], all[3]]);
    expect(ids(third.letters)).toEqual([all[5]]);
    expect(third.continuation).toBeUndefined();
    expect(ids(await allDeadLetters(h().queue, 2))).toEqual([all[0], all[2], all[3], all[5]]);
  });

  it('refuses a continuation it did not issue, and a page of fewer than one', async () => {
    for (const token of ['bm9wZQ', '%%%', 'eyJxIjoiYWJjIn0', 'eyJzIjotMSwiaSI6IngifQ']) {
      await expect(h().queue.deadLetters({ continuation: token })).rejects.toSatisfy((error) =>
        isFleetscoreError(error, 'NON_RETRYABLE'),
      );
    }
    await expect(h().queue.deadLetters({ limit: 0 })).rejects.toThrow(/limit/);
  });
}
