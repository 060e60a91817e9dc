import { type DeadLetter, type JobState, TERMINAL_JOB_STATES } from '@fleetscore/shared';
import { type JobRecord, MAX_RECORD_REASON } from '@fleetscore/shared/ledger';

/** Jobs by state, as `RunRecord.jobStates` keeps them (states with no job left out). */
export function countStates(jobs: readonly JobRecord[]): Partial<Record<JobState, number>> {
  const counts: Partial<Record<JobState, number>> = {};
  for (const job of jobs) counts[job.state] = (counts[job.state] ?? 0) + 1;
  return counts;
}

export function sameCounts(
  a: Partial<Record<JobState, number>>,
  b: Partial<Record<JobState, number>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<JobState>;
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

export function allEnded(jobs: readonly JobRecord[]): boolean {
  return jobs.every((job) => TERMINAL_JOB_STATES.includes(job.state));
}

/**
 * The record of a job the queue dead-lettered while the ledger still has it open (the
 * scorer died, or could not write its record), or `undefined` when there is nothing to mark.
 * A dead letter older than the job's `queuedAt` predates a retry and is ignored.
 */
export function markDeadLettered(
  job: JobRecord,
  letter: DeadLetter<unknown> | undefined,
): JobRecord | undefined {
  if (letter === undefined || TERMINAL_JOB_STATES.includes(job.state)) return undefined;
  if (letter.deadLetteredAt.getTime() < Date.parse(job.queuedAt)) return undefined;
  const reason =
    letter.reason.length <= MAX_RECORD_REASON
      ? letter.reason
      : `${letter.reason.slice(0, MAX_RECORD_REASON - 1)}…`;
  return {
    ...job,
    state: 'dead-lettered',
    attempts: Math.max(job.attempts, letter.attempts),
    error: reason,
    endedAt: letter.deadLetteredAt.toISOString(),
  };
}
