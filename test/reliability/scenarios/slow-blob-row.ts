/**
 * The table row of a run whose windows were written directly (no readings sent): the
 * prediction and outcome invariants of invariants.ts, plus the ledger's side — every job
 * record `succeeded` when the run ended and still after the queue went quiet, and the rows the
 * records and the report count equal to the rows in the prediction blobs.
 */
import type { JobPage, ReportBody } from '@fleetscore/shared';
import { checkOutcome, checkPredictions, type PredictionCopy, type Row } from '../invariants.js';

type JobRecord = JobPage['items'][number];

export interface HandoverObservations {
  scenario: string;
  run: { id: string; state: string; fromMs: number; toMs: number };
  /** Every window written, `device/sensor@endMs`. */
  windowKeys: ReadonlySet<string>;
  modelled: ReadonlySet<string>;
  /** Rows per `device/sensor@endMs` across the run's prediction blobs. */
  predictionCounts: ReadonlyMap<string, number>;
  /** The job records read as soon as the run had ended. */
  jobsAtEnd: readonly JobRecord[];
  /** The job records once none was `running` any more (or the wait gave up). */
  jobsSettled: readonly JobRecord[];
  /**
   * Jobs delivered again after their record read `succeeded` (outputs written, completion not
   * acknowledged to the queue): the redelivery sets the record back to `running` and scores
   * again — identical outputs, but a finished job reopened in the ledger, possibly under a run
   * that has ended already.
   */
  rerunAfterSuccess: readonly number[];
  report: ReportBody;
  unexpectedExits: readonly string[];
  notReady: readonly string[];
  notes: readonly string[];
}

const notSucceeded = (jobs: readonly JobRecord[]) =>
  jobs.filter((j) => j.state !== 'succeeded').map((j) => `${j.index} ${j.state}`);

export function handoverRow(o: HandoverObservations): Row {
  const predictions: PredictionCopy[] = [...o.predictionCounts].flatMap(([key, n]) => {
    const [entity = '', end = ''] = key.split('@');
    const [device = '', sensor = ''] = entity.split('/');
    return Array.from({ length: n }, () => ({ device, sensor, endMs: Number(end), blob: '' }));
  });
  const observed = {
    ...o,
    windowMs: 5_000,
    readings: [],
    windows: [],
    late: [],
    predictions,
    causes: o.report.deadLettered.map((d) => `dead letter ${d.job}: ${d.reason}`),
    deadLetters: o.report.deadLettered.length,
  };
  const checked = checkPredictions(observed, o.windowKeys);
  const outcome = checkOutcome(observed);
  const violations = [...checked.violations, ...outcome.violations];
  const atEnd = notSucceeded(o.jobsAtEnd);
  if (atEnd.length > 0) {
    violations.push(
      `job records not succeeded when the run ended ${o.run.state}: ${atEnd.join(', ')}`,
    );
  }
  if (o.rerunAfterSuccess.length > 0) {
    violations.push(
      `succeeded job records reopened by a redelivery (scored again): ${o.rerunAfterSuccess.join(', ')}`,
    );
  }
  const settled = notSucceeded(o.jobsSettled);
  if (settled.length > 0)
    violations.push(`job records not succeeded at the end: ${settled.join(', ')}`);
  const recordRows = o.jobsSettled.reduce((n, j) => n + (j.summary?.rows ?? 0), 0);
  if (recordRows !== checked.written) {
    violations.push(`job records count ${recordRows} rows, the blobs hold ${checked.written}`);
  }
  if (o.report.totals.rows !== checked.written) {
    violations.push(`the report counts ${o.report.totals.rows} rows, blobs ${checked.written}`);
  }
  return {
    scenario: o.scenario,
    sent: 0,
    accepted: 0,
    windowed: o.windowKeys.size,
    late: 0,
    predictionsExpected: checked.expected,
    predictionsWritten: checked.written,
    predictionsDuplicated: checked.duplicated,
    outcome: outcome.outcome,
    violations,
    notes: [...o.notes],
  };
}
