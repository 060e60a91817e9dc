/** Reads over BullMQ's sets that the port needs and BullMQ does not offer directly. */
import type { Job, Queue } from 'bullmq';
import type { DeadLetter } from '../../ports/job-queue.js';

/** Jobs fetched per page when scanning `delayed`. */
const PAGE = 500;

/** Delayed jobs that have failed at least once: retries waiting for their backoff. O(delayed). */
export async function countRetrying<T>(queue: Queue<Job<T, void, string>>): Promise<number> {
  let retrying = 0;
  for (let start = 0; ; start += PAGE) {
    const jobs = await queue.getJobs(['delayed'], start, start + PAGE - 1, true);
    retrying += jobs.filter((job) => job.attemptsMade > 0).length;
    if (jobs.length < PAGE) return retrying;
  }
}

/** The reason written when a job is delivered past its last attempt (see lockLostReason). */
const LOCK_LOST = /^lock lost on the last of (\d+) attempts/;

/** A job of BullMQ's `failed` set as a dead letter. */
export function bullMqDeadLetter<T>(job: Job<T, void>): DeadLetter<T> {
  const reason = job.failedReason ?? '';
  // A job dead-lettered for a lost lock was delivered once more than it ran.
  const lockLost = LOCK_LOST.exec(reason);
  return {
    id: job.id ?? '',
    payload: job.data,
    reason,
    attempts: lockLost ? Number(lockLost[1]) : job.attemptsStarted,
    deadLetteredAt: new Date(job.finishedOn ?? job.timestamp),
  };
}
