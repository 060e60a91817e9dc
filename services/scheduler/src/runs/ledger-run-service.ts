import {
  NonRetryableError,
  NotFoundError,
  PreconditionFailedError,
  parseJobId,
  TERMINAL_JOB_STATES,
  TERMINAL_RUN_STATES,
} from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import { currentVersions } from './current-versions.js';
import type { RunDeps } from './deps.js';
import { readReport } from './report-store.js';
import { markRequeued, RETRYABLE_JOB_STATES, requeueJobs } from './requeue.js';
import type { RunService } from './run-service.js';
import { startRun } from './start-run.js';

/**
 * The RunService over the ledger, the registry, the job queue and the blob store: the
 * scheduler's own (the API's tests may run a stand-in, `api/testing/test-run-service.ts`).
 */
export function createRunService(deps: RunDeps): RunService {
  const { ledger } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function existing(runId: string): Promise<RunRecord> {
    const run = await ledger.getRun(runId);
    if (run === undefined) throw new NotFoundError(`no run ${runId}`);
    return run;
  }

  return {
    async trigger(request) {
      return (await startRun(deps, { ...request, kind: 'score' })).run;
    },

    async train(request) {
      let entities = request.entities;
      if (entities === undefined) {
        entities = [...(await currentVersions(deps.registry)).keys()];
        if (entities.length === 0) {
          throw new NonRetryableError('no entity has a model: name the entities to train');
        }
      }
      return (await startRun(deps, { ...request, entities, kind: 'train' })).run;
    },

    async retry(runId) {
      const run = await existing(runId);
      if (run.state === 'cancelled' || run.state === 'planning') {
        throw new PreconditionFailedError(`run ${runId} is ${run.state}; it cannot be retried`);
      }
      const jobs = (await ledger.listJobs(runId)).filter((job) =>
        RETRYABLE_JOB_STATES.includes(job.state),
      );
      return { run: await requeueJobs(deps, run, jobs), requeued: jobs.length };
    },

    async cancel(runId) {
      const cancelled = await ledger.updateRun(runId, (current) => {
        if (TERMINAL_RUN_STATES.includes(current.state)) {
          throw new PreconditionFailedError(`run ${runId} has ended (${current.state})`);
        }
        return {
          ...current,
          state: 'cancelled',
          endedAt: clock().toISOString(),
          reason: 'cancelled',
        };
      });
      // Jobs not yet taken end here; a scorer that takes one later sees the run cancelled.
      for (const job of await ledger.listJobs(cancelled.id)) {
        if (job.state !== 'queued' && job.state !== 'failed') continue;
        await ledger.updateJob(cancelled.id, job.index, (current) =>
          TERMINAL_JOB_STATES.includes(current.state) || current.state === 'running'
            ? undefined
            : { ...current, state: 'cancelled', endedAt: clock().toISOString() },
        );
      }
      return cancelled;
    },

    async replayDeadLetter(id) {
      const job = parseJobId(id);
      if (job === undefined) throw new NonRetryableError(`not a job id: ${id}`);
      const { runId, jobIndex } = job;
      const run = await existing(runId);
      if (run.state === 'cancelled') {
        throw new PreconditionFailedError(`run ${runId} is cancelled; its jobs cannot be replayed`);
      }
      // The queue decides: the ledger may not know yet that the job was dead-lettered.
      if (!(await deps.queue.replayDeadLetter(id))) return { replayed: false };
      await markRequeued(deps, runId, [jobIndex]);
      return { replayed: true };
    },

    async report(runId) {
      const run = await existing(runId);
      if (run.report === undefined) return undefined;
      return readReport(deps.blobs, run.id);
    },
  };
}
