import type { RunState } from '@fleetscore/shared';
import { allRuns, type Ledger } from '@fleetscore/shared/ledger';

const HOUR_MS = 3_600_000;
/** At most this many recent runs are counted (pages of 500). */
const MAX_COUNTED_RUNS = 10_000;

/** Runs whose window started in the last 24 hours (up to an hour ahead), by state. */
export async function recentRunCounts(
  ledger: Pick<Ledger, 'listRuns'>,
  now: Date,
): Promise<Partial<Record<RunState, number>>> {
  const to = new Date(now.getTime() + HOUR_MS);
  const from = new Date(to.getTime() - 25 * HOUR_MS);
  const counts: Partial<Record<RunState, number>> = {};
  let seen = 0;
  for await (const run of allRuns(ledger, { from, to })) {
    counts[run.state] = (counts[run.state] ?? 0) + 1;
    seen += 1;
    if (seen === MAX_COUNTED_RUNS) break;
  }
  return counts;
}
