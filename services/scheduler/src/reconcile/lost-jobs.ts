import type { JobState, Logger } from '@fleetscore/shared';
import type { JobRecord, RunRecord } from '@fleetscore/shared/ledger';
import type { RunDeps } from '../runs/deps.js';
import { jobMessage } from '../runs/payloads.js';
import { readPlan } from '../runs/plan-store.js';

/** Ledger states in which a job must be somewhere in the queue (waiting, active or delayed). */
const IN_QUEUE: readonly JobState[] = ['queued', 'running', 'failed'];

export interface OpenJobs {
  run: RunRecord;
  jobs: JobRecord[];
}

/** The jobs of a running run that the queue should hold. */
export function openJobs(run: RunRecord, jobs: readonly JobRecord[]): OpenJobs | undefined {
  const open = jobs.filter((job) => IN_QUEUE.includes(job.state));
  return open.length === 0 ? undefined : { run, jobs: open };
}

/**
 * When the queue holds fewer jobs than the ledger has open (its state was lost: a Redis
 * FLUSHALL, a broker restored from an older backup), enqueues the open jobs again. Enqueueing
 * is idempotent by job id, so the jobs the queue still holds are left as they are, and only the
 * lost ones come back; a job that ended meanwhile and comes back is acknowledged unscored by
 * the scorer (its record has succeeded). Without this, a run whose jobs vanished never ends.
 * Returns how many were enqueued anew.
 */
export async function requeueLostJobs(
  deps: Pick<RunDeps, 'queue' | 'blobs'>,
  open: readonly OpenJobs[],
  log?: Pick<Logger, 'warn'>,
): Promise<number> {
  const expected = open.reduce((n, o) => n + o.jobs.length, 0);
  if (expected === 0) return 0;
  const depth = await deps.queue.depth();
  const held = depth.waiting + depth.prioritized + depth.delayed + depth.active;
  if (held >= expected) return 0;
  let enqueued = 0;
  for (const { run, jobs } of open) {
    const plan = await readPlan(deps.blobs, run.id);
    if (plan === undefined) continue;
    for (const job of jobs) {
      const planned = plan.jobs[job.index];
      if (planned === undefined) continue;
      const result = await deps.queue.enqueue(jobMessage(run, planned));
      if (result.enqueued) enqueued += 1;
    }
  }
  if (enqueued > 0) {
    log?.warn(
      { expected, held, enqueued },
      'the queue had lost jobs the ledger has open; enqueued them again',
    );
  }
  return enqueued;
}
