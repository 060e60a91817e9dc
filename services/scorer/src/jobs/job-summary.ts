import type { EntityOutcome, JobSummary } from '@fleetscore/shared';
import {
  MAX_JOB_COUNTS_CHARS,
  MAX_JOB_PROBLEMS,
  MAX_JOB_UNMODELLED,
  MAX_RECORD_REASON,
} from '@fleetscore/shared/ledger';

/**
 * What a finished job puts in its ledger record (pure). The record must stay far below the
 * table's value limits, so problems and unmodelled sensors are capped and reasons cut; the
 * job's log blob keeps them all.
 */

/** Counts by status; a trained entity counts as `scored` (the record has no training column). */
export function summarise(outcomes: readonly EntityOutcome[]): JobSummary {
  const summary: JobSummary = {
    scored: 0,
    noData: 0,
    noModel: 0,
    failed: 0,
    rows: 0,
    anomalies: 0,
  };
  for (const outcome of outcomes) {
    summary.rows += outcome.rows;
    summary.anomalies += outcome.anomalies;
    if (outcome.status === 'scored' || outcome.status === 'trained') summary.scored += 1;
    else if (outcome.status === 'no-data') summary.noData += 1;
    else if (outcome.status === 'no-model') summary.noModel += 1;
    else summary.failed += 1;
  }
  return summary;
}

export function cutReason(reason: string, max = MAX_RECORD_REASON): string {
  return reason.length <= max ? reason : `${reason.slice(0, max - 1)}…`;
}

const isProblem = (o: EntityOutcome) =>
  (o.status !== 'scored' && o.status !== 'trained') || o.reason !== undefined;

/**
 * Outcomes that are not plain successes, at most MAX_JOB_PROBLEMS, reasons cut, and how many
 * were left out (`problemsMore`, absent when none).
 */
export function problems(outcomes: readonly EntityOutcome[]): {
  problems: EntityOutcome[];
  problemsMore?: number;
} {
  const all = outcomes.filter(isProblem);
  const kept = all
    .slice(0, MAX_JOB_PROBLEMS)
    .map((o) => (o.reason === undefined ? o : { ...o, reason: cutReason(o.reason) }));
  const more = all.length - kept.length;
  return more > 0 ? { problems: kept, problemsMore: more } : { problems: kept };
}

/**
 * `JobRecord.counts`: rows and anomalies of each entity in the job's order, `rows:anomalies`
 * joined by commas, so the run's report has per-entity figures without reading the job's log
 * back. Undefined when longer than MAX_JOB_COUNTS_CHARS (then the report reads the log).
 */
export function entityCounts(outcomes: readonly EntityOutcome[]): string | undefined {
  const counts = outcomes.map((o) => `${o.rows}:${o.anomalies}`).join(',');
  return counts.length <= MAX_JOB_COUNTS_CHARS ? counts : undefined;
}

/**
 * The sensors (`device/sensor`) seen in windows that have no current model, neither their own
 * nor their device's, sorted.
 */
export function findUnmodelled(sensors: Iterable<string>, modelled: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const key of sensors) {
    const device = key.slice(0, key.indexOf('/'));
    if (!modelled.has(key) && !modelled.has(device)) found.add(key);
  }
  return [...found].sort();
}

/** `unmodelled` and `unmodelledMore` of a job record. */
export function capUnmodelled(unmodelled: readonly string[]): {
  unmodelled: string[];
  unmodelledMore?: number;
} {
  const kept = unmodelled.slice(0, MAX_JOB_UNMODELLED);
  const more = unmodelled.length - kept.length;
  return more > 0 ? { unmodelled: kept, unmodelledMore: more } : { unmodelled: kept };
}
