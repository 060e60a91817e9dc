import type { BlobStore, RunReport } from '@fleetscore/shared';
import type { Ledger, RunRecord } from '@fleetscore/shared/ledger';
import { readReport } from '../runs/report-store.js';

/**
 * The report of the run over the window just before this run's, of the same length: the
 * baseline for silent sensors. Among several such runs (a schedule's and a backfill, say), one
 * of the same schedule wins, then the newest; only ended scoring runs with a report count.
 */
export async function previousReport(
  ledger: Ledger,
  blobs: BlobStore,
  run: RunRecord,
): Promise<RunReport | undefined> {
  const length = Date.parse(run.to) - Date.parse(run.from);
  const start = Date.parse(run.from) - length;
  const page = await ledger.listRuns({
    from: new Date(start),
    to: new Date(start + 1),
    limit: 500,
  });
  const candidates = page.items.filter(
    (other) =>
      other.kind === 'score' &&
      other.report !== undefined &&
      Date.parse(other.to) === Date.parse(run.from),
  );
  const same = candidates.find((other) => sameTrigger(other, run));
  const chosen = same ?? candidates.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return chosen === undefined ? undefined : readReport(blobs, chosen.id);
}

function sameTrigger(a: RunRecord, b: RunRecord): boolean {
  return (
    a.trigger.kind === 'schedule' &&
    b.trigger.kind === 'schedule' &&
    a.trigger.schedule === b.trigger.schedule
  );
}
