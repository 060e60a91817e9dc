import { entityKeySchema, NonRetryableError, type TrainingParams } from '@fleetscore/shared';
import type { NewRun, RunRecord } from '@fleetscore/shared/ledger';
import type { RunDeps } from './deps.js';
import { launchRun } from './launch.js';
import { newRunId } from './run-ids.js';
import type { RunRequest } from './run-service.js';

/**
 * Creates the run record (the conditional insert) and, only when this call created it,
 * launches it. A scheduled run that exists already — another replica's, or an earlier tick's —
 * comes back as it is, `created: false`, and nothing is enqueued twice.
 */
export async function startRun(
  deps: RunDeps,
  request: RunRequest & { kind?: NewRun['kind']; params?: TrainingParams },
): Promise<{ created: boolean; run: RunRecord }> {
  const run = newRun(request);
  const { created, run: record } = await deps.ledger.createRun(run);
  if (!created) return { created, run: record };
  return { created, run: await launchRun(deps, record) };
}

function newRun(request: RunRequest & { kind?: NewRun['kind']; params?: TrainingParams }): NewRun {
  const { from, to, entities, trigger } = request;
  if (!(from.getTime() < to.getTime())) {
    throw new NonRetryableError(
      `the range must end after it starts: ${from.toISOString()} ≥ ${to.toISOString()}`,
    );
  }
  if (entities !== undefined) {
    if (entities.length === 0) throw new NonRetryableError('the entity list is empty');
    const bad = entities.find((key) => !entityKeySchema.safeParse(key).success);
    if (bad !== undefined) throw new NonRetryableError(`not an entity key: ${JSON.stringify(bad)}`);
  }
  return {
    id: newRunId(trigger, from),
    kind: request.kind ?? 'score',
    trigger,
    from: from.toISOString(),
    to: to.toISOString(),
    ...(entities === undefined ? {} : { entities: [...new Set(entities)].sort() }),
    ...(request.params === undefined ? {} : { params: request.params }),
  };
}
