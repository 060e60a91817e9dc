import {
  ATTR,
  inSpan,
  messagingAttributes,
  SpanKind,
  traceCarrier,
  tracer,
} from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import { listWindowBlobs } from '@fleetscore/shared/windows';
import { currentVersions } from './current-versions.js';
import type { RunDeps } from './deps.js';
import { jobMessage } from './payloads.js';
import { planRun } from './plan.js';
import { keepPlan } from './plan-store.js';

/** Messages enqueued at once. */
const ENQUEUE_CONCURRENCY = 16;

/**
 * Takes a `planning` run to `running`: keeps its plan, records its jobs, enqueues them, then
 * marks it running. Every step is idempotent (create-only plan blob, insert-if-absent job
 * records, enqueue by idempotency key), so the reconciler resumes a launch that crashed midway
 * by calling this again. A run cancelled meanwhile is left alone.
 */
export function launchRun(deps: RunDeps, run: RunRecord): Promise<RunRecord> {
  // The run's trace starts here: every job carries this span's context in its payload, and the
  // scorer's job spans are its children.
  return inSpan(
    tracer('fleetscore-scheduler'),
    'launch run',
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [ATTR.runId]: run.id,
        [ATTR.jobKind]: run.kind,
        ...messagingAttributes(deps.queue.messaging, { type: 'send', name: 'send' }),
      },
    },
    async (span) => {
      const launched = await launch(deps, run);
      span.setAttribute(ATTR.messagingBatchCount, launched.jobCount);
      return launched;
    },
  );
}

async function launch(deps: RunDeps, run: RunRecord): Promise<RunRecord> {
  const { ledger, queue, blobs } = deps;
  const clock = deps.clock ?? (() => new Date());
  const plan = await keepPlan(blobs, run.id, async () =>
    planRun({
      run,
      current: await currentVersions(deps.registry),
      shards: deps.shards,
      jobSize: deps.jobSize,
      // Listed once here rather than by every job; the jobs' input is fixed from now on.
      windows: await listWindowBlobs(blobs, { from: new Date(run.from), to: new Date(run.to) }),
    }),
  );
  await ledger.putJobs(
    plan.jobs.map((job) => ({
      runId: run.id,
      index: job.index,
      shard: job.shard,
      size: job.entities.length,
    })),
  );
  const latest = await ledger.getRun(run.id);
  if (latest === undefined || latest.state !== 'planning') return latest ?? run;
  const carrier = traceCarrier();
  for (let start = 0; start < plan.jobs.length; start += ENQUEUE_CONCURRENCY) {
    const batch = plan.jobs.slice(start, start + ENQUEUE_CONCURRENCY);
    await Promise.all(
      batch.map((job) => {
        const message = jobMessage(latest, job);
        return queue.enqueue({ ...message, payload: { ...message.payload, ...carrier } });
      }),
    );
  }
  const started = await ledger.updateRun(run.id, (current) =>
    current.state !== 'planning'
      ? undefined
      : {
          ...current,
          state: 'running',
          startedAt: clock().toISOString(),
          jobCount: plan.jobs.length,
          jobStates: plan.jobs.length === 0 ? {} : { queued: plan.jobs.length },
        },
  );
  deps.log?.info({ runId: run.id, jobs: plan.jobs.length }, 'run launched');
  return started;
}
