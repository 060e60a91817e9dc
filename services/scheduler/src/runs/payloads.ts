import {
  type JobPayload,
  jobId,
  type NewJob,
  NonRetryableError,
  trainingParamsSchema,
} from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import type { PlannedJob } from './plan.js';

/** The queue message of a planned job, under its idempotency key `{runId}/{index}`. */
export function jobMessage(run: RunRecord, job: PlannedJob): NewJob<JobPayload> {
  const base = {
    runId: run.id,
    jobIndex: job.index,
    from: run.from,
    to: run.to,
    shard: job.shard,
    ...(job.windows === undefined ? {} : { windows: job.windows }),
  };
  if (run.kind === 'train') {
    return {
      id: jobId(run.id, job.index),
      payload: {
        kind: 'train',
        ...base,
        entities: job.entities.map(({ entity }) => entity),
        params: trainingParamsSchema.parse(run.params ?? {}),
      },
    };
  }
  const entities = job.entities.map(({ entity, version }) => {
    if (version === undefined)
      throw new NonRetryableError(`plan of ${run.id}: ${entity} has no version`);
    return { entity, version };
  });
  return {
    id: jobId(run.id, job.index),
    payload: {
      kind: 'score',
      ...base,
      entities,
      reportUnmodelled: job.reportUnmodelled,
    },
  };
}
