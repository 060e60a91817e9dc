import {
  type BlobStore,
  isFleetscoreError,
  NonRetryableError,
  runIdSchema,
} from '@fleetscore/shared';
import { type Plan, planSchema } from './plan.js';

/**
 * `runs/{runId}/plan.json`. The id is checked here too (RUN_ID_PATTERN: no `/`, no `..`), so a
 * caller that skipped validation gets a ZodError instead of a name outside `runs/`.
 */
export function planBlob(runId: string): string {
  return `runs/${runIdSchema.parse(runId)}/plan.json`;
}

/** `runs/{runId}/report.json`, the id checked as in `planBlob`. */
export function reportBlob(runId: string): string {
  return `runs/${runIdSchema.parse(runId)}/report.json`;
}

export async function readPlan(blobs: BlobStore, runId: string): Promise<Plan | undefined> {
  const blob = await blobs.get(planBlob(runId));
  if (blob === undefined) return undefined;
  const parsed = planSchema.safeParse(JSON.parse(blob.body.toString('utf8')));
  if (!parsed.success) {
    throw new NonRetryableError(`${planBlob(runId)} is not a plan: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * The run's plan: the one already kept, or `make()`'s, kept create-only. A planner that crashed
 * after writing it, or lost the race to another, resumes with the same plan, so job indices and
 * model versions never change under jobs already enqueued.
 */
export async function keepPlan(blobs: BlobStore, runId: string, make: () => Promise<Plan>) {
  const kept = await readPlan(blobs, runId);
  if (kept !== undefined) return kept;
  const plan = await make();
  try {
    await blobs.put(planBlob(runId), JSON.stringify(plan), {
      ifNoneMatch: '*',
      contentType: 'application/json',
    });
    return plan;
  } catch (error) {
    if (!isFleetscoreError(error, 'ALREADY_EXISTS')) throw error;
    const winner = await readPlan(blobs, runId);
    if (winner === undefined) throw error;
    return winner;
  }
}
