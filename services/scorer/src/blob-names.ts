import { runIdSchema } from '@fleetscore/shared';

/**
 * The scorer's blob names, built from validated ids only (the layout contract in
 * docs/architecture.md). Both are deterministic per (run, job), so a retried or redelivered job
 * overwrites its own blobs instead of adding a second copy.
 */

const pad = (n: number) => String(n).padStart(2, '0');

function checkJob(runId: string, jobIndex: number): void {
  runIdSchema.parse(runId);
  if (!Number.isSafeInteger(jobIndex) || jobIndex < 0) {
    throw new RangeError(`bad job index ${jobIndex}`);
  }
}

/** `predictions/{yyyy}/{MM}/{dd}/{HH}/run={runId}/job={n}.csv`, the UTC hour of `from`. */
export function predictionsBlobName(runId: string, jobIndex: number, from: Date): string {
  checkJob(runId, jobIndex);
  if (Number.isNaN(from.getTime())) throw new RangeError('bad job start');
  const hour = `${from.getUTCFullYear()}/${pad(from.getUTCMonth() + 1)}/${pad(from.getUTCDate())}/${pad(from.getUTCHours())}`;
  return `predictions/${hour}/run=${runId}/job=${jobIndex}.csv`;
}

/** `logs/run={runId}/job={n}.ndjson`. */
export function logBlobName(runId: string, jobIndex: number): string {
  checkJob(runId, jobIndex);
  return `logs/run=${runId}/job=${jobIndex}.ndjson`;
}
