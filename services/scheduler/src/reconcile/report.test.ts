import type { EntityOutcome, RunReport } from '@fleetscore/shared';
import type { JobRecord } from '@fleetscore/shared/ledger';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../runs/plan.js';
import { buildReport, type ReportInput } from './report.js';

const run = {
  id: 'hourly-20261125T1000Z',
  kind: 'score' as const,
  from: '2026-11-25T10:00:00.000Z',
  to: '2026-11-25T11:00:00.000Z',
};
const now = new Date('2026-11-25T11:10:00Z');

const plan: Plan = {
  runId: run.id,
  kind: 'score',
  shards: 2,
  jobSize: 2,
  jobs: [
    {
      index: 0,
      shard: 0,
      entities: [
        { entity: 'a/t1', version: 1 },
        { entity: 'a/t2', version: 3 },
      ],
      reportUnmodelled: true,
    },
    { index: 1, shard: 1, entities: [{ entity: 'b/t1', version: 2 }], reportUnmodelled: true },
  ],
  noModel: [],
};

function job(index: number, patch: Partial<JobRecord>): JobRecord {
  return {
    runId: run.id,
    index,
    shard: index,
    size: plan.jobs[index]?.entities.length ?? 0,
    state: 'succeeded',
    attempts: 1,
    queuedAt: run.to,
    ...patch,
  };
}

const summary = (
  rows: number,
  anomalies: number,
  extra: Partial<NonNullable<JobRecord['summary']>> = {},
) => ({
  scored: 0,
  noData: 0,
  noModel: 0,
  failed: 0,
  rows,
  anomalies,
  ...extra,
});

function input(patch: Partial<ReportInput>): ReportInput {
  return { run, plan, jobs: [], outcomes: new Map(), now, ...patch };
}

describe('buildReport', () => {
  it('takes per-entity rows from the job records’ counts, problems from their problems', () => {
    const { report } = buildReport(
      input({
        jobs: [
          job(0, {
            summary: summary(718, 3, { scored: 1, noData: 1 }),
            counts: '718:3,0:0',
            problems: [{ entity: 'a/t2', status: 'no-data', rows: 0, anomalies: 0 }],
          }),
          job(1, { summary: summary(720, 0, { scored: 1 }), counts: '720:0' }),
        ],
      }),
    );
    expect(report.entities).toEqual([
      { entity: 'a/t1', status: 'scored', rows: 718, anomalies: 3, modelVersion: 1, job: 0 },
      { entity: 'a/t2', status: 'no-data', rows: 0, anomalies: 0, modelVersion: 3, job: 0 },
      { entity: 'b/t1', status: 'scored', rows: 720, anomalies: 0, modelVersion: 2, job: 1 },
    ]);
    expect(report.state).toBe('partial');
  });

  it('reports every entity from the jobs’ outcomes; a run where all scored succeeds', () => {
    const outcomes = new Map<number, EntityOutcome[]>([
      [
        0,
        [
          { entity: 'a/t1', status: 'scored', rows: 60, anomalies: 2, modelVersion: 1 },
          { entity: 'a/t2', status: 'scored', rows: 58, anomalies: 0, modelVersion: 3 },
        ],
      ],
    ]);
    const { report, reason } = buildReport(
      input({
        jobs: [
          job(0, { summary: summary(118, 2, { scored: 2 }) }),
          job(1, { summary: summary(60, 1, { scored: 1 }) }),
        ],
        outcomes,
      }),
    );
    expect(reason).toBeUndefined();
    expect(report.state).toBe('succeeded');
    expect(report.entities).toEqual([
      { entity: 'a/t1', status: 'scored', rows: 60, anomalies: 2, modelVersion: 1, job: 0 },
      { entity: 'a/t2', status: 'scored', rows: 58, anomalies: 0, modelVersion: 3, job: 0 },
      // No log for job 1: a one-entity job's summary is its entity's.
      { entity: 'b/t1', status: 'scored', rows: 60, anomalies: 1, modelVersion: 2, job: 1 },
    ]);
    expect(report.totals).toEqual({
      entities: 3,
      scored: 3,
      noData: 0,
      noModel: 0,
      failed: 0,
      rows: 178,
      anomalies: 3,
    });
    expect(report).toMatchObject({
      runId: run.id,
      from: run.from,
      to: run.to,
      generatedAt: now.toISOString(),
      unmodelled: [],
      silent: [],
      deadLettered: [],
    });
  });

  it('takes problems from the job record when the log is missing; missing data makes it partial', () => {
    const { report } = buildReport(
      input({
        jobs: [
          job(0, {
            summary: summary(60, 0, { scored: 1, noData: 1 }),
            problems: [
              { entity: 'a/t2', status: 'no-data', rows: 0, anomalies: 0, modelVersion: 3 },
            ],
          }),
          job(1, { summary: summary(60, 0, { scored: 1 }) }),
        ],
      }),
    );
    expect(report.state).toBe('partial');
    expect(report.entities.find((e) => e.entity === 'a/t2')).toMatchObject({
      status: 'no-data',
      job: 0,
    });
    expect(report.totals).toMatchObject({ scored: 2, noData: 1, rows: 120 });
  });

  it('is partial with a dead-lettered job, whose entities failed with its reason', () => {
    const { report } = buildReport(
      input({
        jobs: [
          job(0, { summary: summary(10, 0, { scored: 2 }) }),
          job(1, { state: 'dead-lettered', error: 'model blob unreadable' }),
        ],
      }),
    );
    expect(report.state).toBe('partial');
    expect(report.deadLettered).toEqual([{ job: 1, reason: 'model blob unreadable' }]);
    expect(report.entities.find((e) => e.entity === 'b/t1')).toEqual({
      entity: 'b/t1',
      status: 'failed',
      rows: 0,
      anomalies: 0,
      modelVersion: 2,
      reason: 'model blob unreadable',
      job: 1,
    });
    expect(report.totals.failed).toBe(1);
  });

  it('is failed when no job succeeded, or when nothing could be planned', () => {
    const none = buildReport(
      input({ jobs: [job(0, { state: 'dead-lettered' }), job(1, { state: 'dead-lettered' })] }),
    );
    expect(none.report.state).toBe('failed');
    expect(none.reason).toBe('no job succeeded');
    const empty = buildReport(input({ plan: { ...plan, jobs: [], noModel: ['x/t1'] } }));
    expect(empty.report.state).toBe('failed');
    expect(empty.report.entities).toEqual([
      { entity: 'x/t1', status: 'no-model', rows: 0, anomalies: 0, reason: 'no current model' },
    ]);
  });

  it('is partial when a requested entity has no model, and lists the unmodelled sensors of all jobs', () => {
    const { report } = buildReport(
      input({
        plan: { ...plan, noModel: ['c/t1'] },
        jobs: [job(0, { unmodelled: ['a/t9', 'z/t1'] }), job(1, { unmodelled: ['b/t7', 'a/t9'] })],
      }),
    );
    expect(report.state).toBe('partial');
    expect(report.totals.noModel).toBe(1);
    expect(report.unmodelled).toEqual(['a/t9', 'b/t7', 'z/t1']);
    expect(report.entities.map((e) => e.entity)).toEqual(['a/t1', 'a/t2', 'b/t1', 'c/t1']);
  });

  it('lists as silent the entities scored in the previous run that have no data now', () => {
    const previous: RunReport = {
      runId: 'hourly-20261125T0900Z',
      state: 'succeeded',
      from: '2026-11-25T09:00:00.000Z',
      to: run.from,
      generatedAt: run.from,
      totals: { entities: 3, scored: 2, noData: 1, noModel: 0, failed: 0, rows: 1, anomalies: 0 },
      entities: [
        { entity: 'a/t1', status: 'scored', rows: 1, anomalies: 0 },
        { entity: 'a/t2', status: 'no-data', rows: 0, anomalies: 0 },
        { entity: 'b/t1', status: 'scored', rows: 1, anomalies: 0 },
      ],
      unmodelled: [],
      silent: [],
      deadLettered: [],
    };
    const noData = (entity: string): EntityOutcome => ({
      entity,
      status: 'no-data',
      rows: 0,
      anomalies: 0,
    });
    const { report } = buildReport(
      input({
        jobs: [job(0, { problems: [noData('a/t1'), noData('a/t2')] }), job(1, {})],
        previous,
      }),
    );
    // a/t2 had no data before either: quiet, not silent.
    expect(report.silent).toEqual(['a/t1']);
  });
});
