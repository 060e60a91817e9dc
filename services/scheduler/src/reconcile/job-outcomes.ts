import {
  type BlobStore,
  type EntityOutcome,
  entityOutcomeSchema,
  type JobRecord,
} from '@fleetscore/shared';

/**
 * The per-entity outcomes in a job's log blob (`JobRecord.log`, NDJSON written by the scorer:
 * one `{"event":"entity", …EntityOutcome}` line per entity). Lines of other events, and lines
 * that do not parse, are skipped; no log gives `undefined`, and the report falls back to the
 * job record.
 */
export async function readJobOutcomes(
  blobs: BlobStore,
  job: JobRecord,
): Promise<EntityOutcome[] | undefined> {
  if (job.log === undefined) return undefined;
  const blob = await blobs.get(job.log);
  if (blob === undefined) return undefined;
  const outcomes: EntityOutcome[] = [];
  for (const line of blob.body.toString('utf8').split('\n')) {
    if (!line.includes('"entity"')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if ((value as { event?: unknown }).event !== 'entity') continue;
    const parsed = entityOutcomeSchema.safeParse(value);
    if (parsed.success) outcomes.push(parsed.data);
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
