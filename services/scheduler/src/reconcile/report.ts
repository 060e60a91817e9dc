import type { EntityOutcome, RunReport, RunState } from '@fleetscore/shared';
import type { JobRecord, RunRecord } from '@fleetscore/shared/ledger';
import type { Plan } from '../runs/plan.js';

/**
 * The completeness report of a run whose jobs have all ended. Pure: the reconciler reads the
 * plan, the job records, the outcomes in the jobs' logs and the previous run's report.
 */
export interface ReportInput {
  run: Pick<RunRecord, 'id' | 'kind' | 'from' | 'to'>;
  plan: Plan;
  jobs: readonly JobRecord[];
  /**
   * Per-entity outcomes from the log blobs of succeeded jobs whose record is not complete
   * (`recordIsComplete`), by job index. Every other job is reported from its record: its
   * `problems`, its `counts` for the plain successes.
   */
  outcomes: ReadonlyMap<number, readonly EntityOutcome[]>;
  /** The report of the previous run over the preceding window of the same length. */
  previous?: RunReport;
  now: Date;
}

type Entry = RunReport['entities'][number];

/** The report, and why the run failed when it did. */
export function buildReport(input: ReportInput): { report: RunReport; reason?: string } {
  const { run, plan, now } = input;
  const jobs = new Map(input.jobs.map((job) => [job.index, job]));
  const entities: Entry[] = plan.noModel.map((entity) => ({
    entity,
    status: 'no-model',
    rows: 0,
    anomalies: 0,
    reason: 'no current model',
  }));
  for (const planned of plan.jobs) {
    const job = jobs.get(planned.index);
    const outcomes = new Map<string, EntityOutcome>();
    for (const outcome of job?.problems ?? []) outcomes.set(outcome.entity, outcome);
    for (const outcome of input.outcomes.get(planned.index) ?? []) {
      outcomes.set(outcome.entity, outcome);
    }
    const counts = job?.counts === undefined ? undefined : job.counts.split(',');
    for (const [position, { entity, version }] of planned.entities.entries()) {
      const outcome = outcomes.get(entity) ?? countedOutcome(entity, counts?.[position], run.kind);
      entities.push(entryOf(run.kind, entity, version, planned.index, job, outcome));
    }
  }
  entities.sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));

  const ended = [...jobs.values()];
  const succeeded = ended.filter((job) => job.state === 'succeeded');
  const deadLettered = ended
    .filter((job) => job.state === 'dead-lettered')
    .map((job) => ({ job: job.index, reason: job.error ?? 'dead-lettered' }));
  const totals = {
    entities: entities.length,
    scored: entities.filter((e) => e.status === 'scored' || e.status === 'trained').length,
    noData: entities.filter((e) => e.status === 'no-data').length,
    noModel: entities.filter((e) => e.status === 'no-model').length,
    failed: entities.filter((e) => e.status === 'failed').length,
    // From the job summaries: exact even where a job's log (per-entity rows) is missing.
    rows: sum(succeeded.map((job) => job.summary?.rows ?? 0)),
    anomalies: sum(succeeded.map((job) => job.summary?.anomalies ?? 0)),
  };
  const { state, reason } = runOutcome(
    plan.jobs.length,
    succeeded.length,
    deadLettered.length,
    totals,
  );

  const noDataNow = new Set(entities.filter((e) => e.status === 'no-data').map((e) => e.entity));
  const silent = (input.previous?.entities ?? [])
    .filter((e) => e.status === 'scored' && noDataNow.has(e.entity))
    .map((e) => e.entity)
    .sort();
  const unmodelled = [...new Set(ended.flatMap((job) => job.unmodelled ?? []))].sort();

  const report: RunReport = {
    runId: run.id,
    state,
    from: run.from,
    to: run.to,
    generatedAt: now.toISOString(),
    totals,
    entities,
    unmodelled,
    silent,
    deadLettered,
  };
  return reason === undefined ? { report } : { report, reason };
}

/**
 * `failed` when no job succeeded (or nothing could be planned); `partial` when a job was
 * dead-lettered or an entity failed, had no model or had no data (the "missing data":
 * a run is only `succeeded` when every entity was scored); else `succeeded`.
 */
function runOutcome(
  planned: number,
  succeeded: number,
  deadLettered: number,
  totals: RunReport['totals'],
): { state: RunState; reason?: string } {
  if (planned === 0) return { state: 'failed', reason: 'no requested entity has a model' };
  if (succeeded === 0) return { state: 'failed', reason: 'no job succeeded' };
  const incomplete = totals.failed + totals.noModel + totals.noData;
  if (deadLettered > 0 || incomplete > 0) return { state: 'partial' };
  return { state: 'succeeded' };
}

function entryOf(
  kind: RunRecord['kind'],
  entity: string,
  version: number | undefined,
  job: number,
  record: JobRecord | undefined,
  outcome: EntityOutcome | undefined,
): Entry {
  const planned = version === undefined ? {} : { modelVersion: version };
  if (record?.state !== 'succeeded') {
    const reason =
      record === undefined ? 'job not recorded' : (record.error ?? `job ${record.state}`);
    return { entity, status: 'failed', rows: 0, anomalies: 0, ...planned, reason, job };
  }
  if (outcome !== undefined) return { ...planned, ...outcome, job };
  // A plain success the job did not itself list: its rows are exact only for a one-entity job.
  const single = record.size === 1 && record.summary !== undefined;
  return {
    entity,
    status: kind === 'train' ? 'trained' : 'scored',
    rows: single ? (record.summary?.rows ?? 0) : 0,
    anomalies: single ? (record.summary?.anomalies ?? 0) : 0,
    ...planned,
    job,
  };
}

/**
 * A plain success from the job record's `counts` (`rows:anomalies` at the entity's position);
 * undefined when the record has none. Problems are not plain: they come from `problems`.
 */
function countedOutcome(
  entity: string,
  count: string | undefined,
  kind: RunRecord['kind'],
): EntityOutcome | undefined {
  if (count === undefined) return undefined;
  const [rows, anomalies] = count.split(':').map(Number);
  const status = kind === 'train' ? 'trained' : 'scored';
  return { entity, status, rows: rows ?? 0, anomalies: anomalies ?? 0 };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
