import { jobId, NotFoundError, PreconditionFailedError } from '@fleetscore/shared';
import type { JobRecord, RunRecord } from '@fleetscore/shared/ledger';
import type { RunDeps } from './deps.js';
import { jobMessage } from './payloads.js';
import { readPlan } from './plan-store.js';

/** Job states a retry puts back on the queue. */
export const RETRYABLE_JOB_STATES: readonly JobRecord['state'][] = ['failed', 'dead-lettered'];

/**
 * Puts jobs of a run back on the queue: from the dead letters when they are there (attempts
 * reset), else enqueued again by their idempotency key (a no-op for a job still waiting for
 * its retry). Their records go back to `queued` and the run back to `running`, dropping the
 * report of its earlier end; the reconciler ends it again when they end.
 */
export async function requeueJobs(
  deps: RunDeps,
  run: RunRecord,
  jobs: readonly JobRecord[],
): Promise<RunRecord> {
  if (run.state === 'cancelled') {
    throw new PreconditionFailedError(`run ${run.id} is cancelled; its jobs cannot be retried`);
  }
  if (jobs.length === 0) return run;
  const plan = await readPlan(deps.blobs, run.id);
  if (plan === undefined) throw new NotFoundError(`run ${run.id} has no plan`);
  for (const job of jobs) {
    const planned = plan.jobs[job.index];
    if (planned === undefined) throw new NotFoundError(`run ${run.id} has no job ${job.index}`);
    const replayed = await deps.queue.replayDeadLetter(jobId(run.id, job.index));
    if (!replayed) await deps.queue.enqueue(jobMessage(run, planned));
  }
  return markRequeued(
    deps,
    run.id,
    jobs.map((job) => job.index),
  );
}

/** The ledger side of a requeue: the jobs back to `queued`, the run back to `running`. */
export async function markRequeued(
  deps: Pick<RunDeps, 'ledger' | 'clock'>,
  runId: string,
  indices: readonly number[],
): Promise<RunRecord> {
  // A new queuedAt: the reconciler then ignores the dead letter this job left before.
  const queuedAt = (deps.clock ?? (() => new Date()))().toISOString();
  for (const index of indices) {
    await deps.ledger.updateJob(runId, index, (current) => {
      if (!RETRYABLE_JOB_STATES.includes(current.state)) return undefined;
      const { endedAt: _ended, ...rest } = current;
      return { ...rest, state: 'queued', queuedAt };
    });
  }
  return deps.ledger.updateRun(runId, (current) => {
    if (current.state === 'cancelled' || current.state === 'planning') return undefined;
    const { endedAt: _ended, totals: _totals, report: _report, reason: _reason, ...rest } = current;
    return { ...rest, state: 'running' };
  });
}
