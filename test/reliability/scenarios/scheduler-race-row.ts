/**
 * Scenario 7's verdict, pure: from the runs in the ledger, the job records and queue depth,
 * and the recorded last tick, to a table row. No readings or predictions are involved (the
 * runs score an empty session); those columns are 0 and the outcome says what was counted.
 */
import type { RunRecord } from '@fleetscore/shared/ledger';
import type { Row } from '../invariants.js';

const MINUTE = 60_000;

export interface RaceObservations {
  schedule: string;
  /** The last tick recorded before the schedulers started (the outage began after it). */
  seeded: Date;
  /** When the runs were listed (true clock): every tick up to here is due. */
  checkedAt: number;
  /** The fastest replica's lead, ms: it may have started ticks up to this far ahead. */
  aheadMs: number;
  /** Every run of the session whose window starts near the range. */
  runs: readonly Pick<RunRecord, 'id' | 'from' | 'trigger' | 'jobCount'>[];
  /** Job records per run id. */
  jobRecords: ReadonlyMap<string, number>;
  /** How many replicas created each scheduled run (from their logs): 1 each. */
  creations: ReadonlyMap<string, number>;
  /** Jobs in the queue in any state (no scorer consumes them). */
  queuedJobs: number;
  lastTick: Date | undefined;
  /** Scheduler processes that exited during the scenario. */
  exits: number;
  notes: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function raceRow(o: RaceObservations): Row {
  const violations: string[] = [];
  // A every-minute schedule scoring one minute: the run of tick T scores [T − 1 min, T).
  const ticks = new Map<number, string[]>();
  for (const run of o.runs) {
    if (run.trigger.kind !== 'schedule' || run.trigger.schedule !== o.schedule) continue;
    const tick = Date.parse(run.from) + MINUTE;
    ticks.set(tick, [...(ticks.get(tick) ?? []), run.id]);
  }
  const first = o.seeded.getTime() + MINUTE;
  const due = Math.floor(o.checkedAt / MINUTE) * MINUTE;
  const missing: string[] = [];
  for (let t = first; t <= due; t += MINUTE) if (!ticks.has(t)) missing.push(iso(t));
  if (missing.length > 0) violations.push(`ticks without a run: ${missing.join(', ')}`);
  const twice = [...ticks].filter(([, ids]) => ids.length > 1);
  if (twice.length > 0) {
    violations.push(`ticks with several runs: ${twice.map(([t, ids]) => `${iso(t)} ${ids}`)}`);
  }
  const early = [...ticks.keys()].filter(
    (t) => t <= o.seeded.getTime() || t > o.checkedAt + o.aheadMs,
  );
  if (early.length > 0) {
    violations.push(`runs for ticks no clock had reached: ${early.map(iso).join(', ')}`);
  }
  const created = [...ticks.values()].flat().filter((id) => o.creations.get(id) !== 1);
  if (created.length > 0) {
    const counts = created.map((id) => `${id} ×${o.creations.get(id) ?? 0}`);
    violations.push(`runs not created by exactly one replica: ${counts.join(', ')}`);
  }
  let jobCount = 0;
  for (const run of o.runs) {
    jobCount += run.jobCount;
    const recorded = o.jobRecords.get(run.id) ?? 0;
    if (recorded !== run.jobCount) {
      violations.push(`${run.id}: ${recorded} job records for ${run.jobCount} planned jobs`);
    }
  }
  if (o.queuedJobs !== jobCount) {
    violations.push(`${o.queuedJobs} jobs in the queue for ${jobCount} planned`);
  }
  const newest = Math.max(...ticks.keys());
  if (o.lastTick?.getTime() !== newest) {
    violations.push(`last tick recorded ${o.lastTick?.toISOString()}, newest run's ${iso(newest)}`);
  }
  if (o.exits > 0) violations.push(`${o.exits} scheduler processes exited`);
  return {
    scenario: '7 scheduler race and clock skew',
    sent: 0,
    accepted: 0,
    windowed: 0,
    late: 0,
    predictionsExpected: 0,
    predictionsWritten: 0,
    predictionsDuplicated: 0,
    outcome: `${ticks.size} runs for ${(due - first) / MINUTE + 1} ticks due, ${jobCount} jobs enqueued once`,
    violations,
    notes: [...o.notes],
  };
}
