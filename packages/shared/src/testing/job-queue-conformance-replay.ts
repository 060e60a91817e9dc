/** JobQueue conformance: replaying dead letters. */
import { expect, it } from 'vitest';
import { NonRetryableError } from '../errors.js';
import {
  allDeadLetters,
  type ConformanceContext,
  EMPTY,
  recorder,
  waitFor,
  waitForDepth,
} from './job-queue-conformance-kit.js';

export function replayTests(context: ConformanceContext): void {
  const { consume, enqueue } = context;
  const h = () => context.h;
  const deadLetterIds = async () => (await allDeadLetters(h().queue)).map((letter) => letter.id);

  it('replays a dead letter with its attempts reset, retries included, until it is handled', async () => {
    let replayed = false;
    // Fails its first life outright; after the replay it fails once more, then succeeds, so
    // the replayed job needs a retry of its own.
    const seen = recorder(async (job) => {
      if (!replayed || job.attempt < 2) throw new Error(`boom on attempt ${job.attempt}`);
    });
    consume(h().queue, seen.handler, { maxAttempts: 2, backoffMs: 20 });
    await enqueue('job-replay', 3);
    await waitFor('a dead letter', async () => (await deadLetterIds()).includes('job-replay'));
    await waitForDepth(h().queue, { ...EMPTY, deadLettered: 1 });

    replayed = true;
    expect(await h().queue.replayDeadLetter('job-replay')).toBe(true);

    await waitFor('handled after the replay', () => seen.of('job-replay').length === 4);
    await waitForDepth(h().queue, EMPTY);
    expect(seen.of('job-replay').map((d) => [d.attempt, d.n])).toEqual([
      [1, 3],
      [2, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(await allDeadLetters(h().queue)).toEqual([]);
  });

  it('answers false for an unknown id, and for a dead letter already replayed', async () => {
    expect(await h().queue.replayDeadLetter('job-unknown')).toBe(false);

    let replayed = false;
    const seen = recorder(async (job) => {
      if (!replayed) throw new NonRetryableError(`bad input in ${job.id}`);
    });
    const consumer = consume(h().queue, seen.handler);
    await enqueue('job-twice', 9);
    await waitFor('a dead letter', async () => (await deadLetterIds()).includes('job-twice'));
    await consumer.close({ deadlineMs: 0 });

    replayed = true;
    const queue = await h().openPeer();
    expect(await queue.replayDeadLetter('job-twice')).toBe(true);
    expect(await queue.replayDeadLetter('job-twice')).toBe(false);
    // Back on the queue, waiting: no consumer runs.
    await waitForDepth(h().queue, { ...EMPTY, waiting: 1 });
    expect(await allDeadLetters(h().queue)).toEqual([]);

    consume(queue, seen.handler);
    await waitFor('handled after the replay', () => seen.of('job-twice').length === 2);
    expect(seen.of('job-twice').map((d) => d.attempt)).toEqual([1, 1]);
    await waitForDepth(h().queue, EMPTY);
    expect(await h().queue.replayDeadLetter('job-twice')).toBe(false);
  });
}
