import { type BlobStore, type EntityOutcome, parseJobLog } from '@fleetscore/shared';
import type { JobRecord } from '@fleetscore/shared/ledger';

/**
 * The per-entity outcomes in a job's log blob (`JobRecord.log`, the scorer's job log: one
 * `entity` event per entity, read with the contract's `parseJobLog`). Other events, and lines
 * that are no event, are skipped; no log gives `undefined`, and the report falls back to the job
 * record.
 */
export async function readJobOutcomes(
  blobs: BlobStore,
  job: JobRecord,
): Promise<EntityOutcome[] | undefined> {
  if (job.log === undefined) return undefined;
  const blob = await blobs.get(job.log);
  if (blob === undefined) return undefined;
  const outcomes: EntityOutcome[] = [];
  for (const line of parseJobLog(blob.body.toString('utf8'))) {
    if (line.event !== 'entity') continue;
    const { at: _at, event: _event, ...outcome } = line;
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * True when a job's record alone gives every entity's outcome: per-entity `counts`, and every
 * problem in `problems`. Then its log blob is not read back (one blob read per job saved).
 */
export function recordIsComplete(job: JobRecord): boolean {
  return job.counts !== undefined && (job.problemsMore ?? 0) === 0;
}
