import {
  entityKeySchema,
  NonRetryableError,
  parseEntityKey,
  type RunKind,
  runIdSchema,
  shardOf,
} from '@fleetscore/shared';
import { z } from 'zod';

/**
 * A run's fan-out, decided once and kept as `runs/{runId}/plan.json`: which job scores which
 * entities with which model version, and which requested entities have no model. Pure: the
 * planner gets the current versions and returns the plan; plan-store.ts keeps it.
 */

const plannedJobSchema = z.object({
  index: z.number().int().nonnegative(),
  shard: z.number().int().nonnegative(),
  /** Entity keys sorted within the job; `version` is absent for training jobs. */
  entities: z.array(
    z.object({ entity: entityKeySchema, version: z.number().int().positive().optional() }),
  ),
  reportUnmodelled: z.boolean(),
  /** The shard's window blobs of the run's range, as listed at planning (absent in old plans). */
  windows: z.array(z.string()).optional(),
});
export type PlannedJob = z.infer<typeof plannedJobSchema>;

export const planSchema = z.object({
  runId: runIdSchema,
  kind: z.enum(['score', 'train']),
  shards: z.number().int().positive(),
  jobSize: z.number().int().positive(),
  jobs: z.array(plannedJobSchema),
  /** Requested entities with no current model: not scored, reported as `no-model`. */
  noModel: z.array(entityKeySchema),
});
export type Plan = z.infer<typeof planSchema>;

export interface PlanInput {
  run: { id: string; kind: RunKind; entities?: readonly string[] };
  /** Every entity's current model version (`registry.currentVersions()`). */
  current: ReadonlyMap<string, number>;
  /** Device shards of the window layout. */
  shards: number;
  /** Entities per job at most (K). */
  jobSize: number;
  /**
   * The window blobs of the run's range by shard (`listWindowBlobs`), handed to each job of the
   * shard. When given, a shard with no blob needs no job for reporting unmodelled sensors.
   */
  windows?: ReadonlyMap<number, readonly string[]>;
}

/**
 * Scoring runs: the entities asked for that have a model (or every entity with a model), by
 * device shard, sorted, in jobs of at most K. A run over every model also asks the first job
 * of each shard to report the shard's sensors that have no model, and gives a shard with no
 * model but with windows (or, when the windows are not known, any shard) one empty job for that
 * alone. Training runs: the entities asked for (or every entity
 * with a model), by shard, in jobs of K; having no model yet is why one trains.
 */
export function planRun({ run, current, shards, jobSize, windows }: PlanInput): Plan {
  if (!Number.isSafeInteger(jobSize) || jobSize < 1) {
    throw new NonRetryableError(`job size must be a positive integer, got ${jobSize}`);
  }
  const everything = run.entities === undefined;
  const asked = everything ? [...current.keys()] : unique(run.entities ?? []);
  const noModel: string[] = [];
  const byShard = new Map<number, string[]>();
  for (const key of asked.sort()) {
    const entity = parseEntityKey(key);
    if (entity === undefined) throw new NonRetryableError(`not an entity key: ${key}`);
    if (run.kind === 'score' && !current.has(key)) {
      noModel.push(key);
      continue;
    }
    const shard = shardOf(entity.device, shards);
    const keys = byShard.get(shard);
    if (keys === undefined) byShard.set(shard, [key]);
    else keys.push(key);
  }

  const jobs: PlannedJob[] = [];
  for (let shard = 0; shard < shards; shard += 1) {
    const keys = byShard.get(shard) ?? [];
    const reportUnmodelled = run.kind === 'score' && everything;
    const names = windows === undefined ? {} : { windows: [...(windows.get(shard) ?? [])] };
    const hasWindows = windows === undefined || (windows.get(shard)?.length ?? 0) > 0;
    if (keys.length === 0 && reportUnmodelled && hasWindows) {
      jobs.push({ index: jobs.length, shard, entities: [], reportUnmodelled, ...names });
    }
    for (let start = 0; start < keys.length; start += jobSize) {
      const entities = keys.slice(start, start + jobSize).map((entity) => {
        const version = run.kind === 'score' ? current.get(entity) : undefined;
        return version === undefined ? { entity } : { entity, version };
      });
      jobs.push({
        index: jobs.length,
        shard,
        entities,
        reportUnmodelled: reportUnmodelled && start === 0,
        ...names,
      });
    }
  }
  return { runId: run.id, kind: run.kind, shards, jobSize, jobs, noModel };
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}
