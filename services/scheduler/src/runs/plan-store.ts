import {
  type BlobStore,
  isFleetscoreError,
  NonRetryableError,
  planBlobName,
} from '@fleetscore/shared';
import { LRUCache } from 'lru-cache';
import { type Plan, planSchema } from './plan.js';

/** Plans remembered per store: a few hours of runs (a plan of 10,000 entities is ≈ 1 MB). */
const PLANS_REMEMBERED = 8;

/**
 * The plans this process kept or read, per blob store, by run id. A kept plan never changes
 * (its blob is create-only), so the reconciler of the scheduler that planned a run reads it
 * without a request — one storage operation fewer per run; another replica reads the blob.
 */
const remembered = new WeakMap<BlobStore, LRUCache<string, Plan>>();

function plansOf(blobs: BlobStore): LRUCache<string, Plan> {
  let plans = remembered.get(blobs);
  if (plans === undefined) {
    plans = new LRUCache({ max: PLANS_REMEMBERED });
    remembered.set(blobs, plans);
  }
  return plans;
}

export async function readPlan(blobs: BlobStore, runId: string): Promise<Plan | undefined> {
  const plans = plansOf(blobs);
  const known = plans.get(runId);
  if (known !== undefined) return known;
  const blob = await blobs.get(planBlobName(runId));
  if (blob === undefined) return undefined;
  const parsed = planSchema.safeParse(JSON.parse(blob.body.toString('utf8')));
  if (!parsed.success) {
    throw new NonRetryableError(`${planBlobName(runId)} is not a plan: ${parsed.error.message}`);
  }
  plans.set(runId, parsed.data);
  return parsed.data;
}

/**
 * The run's plan: `make()`'s, kept create-only, or the one kept already. A planner that crashed
 * after writing it, or lost the race to another, resumes with the same plan, so job indices and
 * model versions never change under jobs already enqueued. The put comes first (no read to find
 * nothing, on every run): only a resumed launch pays for making a plan it then drops.
 */
export async function keepPlan(blobs: BlobStore, runId: string, make: () => Promise<Plan>) {
  const known = plansOf(blobs).get(runId);
  if (known !== undefined) return known;
  const plan = await make();
  try {
    await blobs.put(planBlobName(runId), JSON.stringify(plan), {
      ifNoneMatch: '*',
      contentType: 'application/json',
    });
    plansOf(blobs).set(runId, plan);
    return plan;
  } catch (error) {
    if (!isFleetscoreError(error, 'ALREADY_EXISTS')) throw error;
    const winner = await readPlan(blobs, runId);
    if (winner === undefined) throw error;
    return winner;
  }
}
