import {
  type EntityOutcome,
  NonRetryableError,
  NotFoundError,
  type ScoringJob,
  UnavailableError,
} from '@fleetscore/shared';
import { type JobRecord, MAX_JOB_COUNTS_CHARS, MAX_RECORD_REASON } from '@fleetscore/shared/ledger';
import { describe, expect, it } from 'vitest';
import {
  attemptEnd,
  cancelledRecord,
  failureState,
  hasEnded,
  openedRecord,
  startEvent,
} from './job-attempt.js';
import type { JobResult } from './job-outcome.js';

const LOG = 'logs/run=r/job=3.ndjson';
const record = (state: JobRecord['state'], extra: Partial<JobRecord> = {}): JobRecord => ({
  runId: 'r',
  index: 3,
  shard: 1,
  size: 2,
  state,
  attempts: 1,
  queuedAt: '2026-11-25T10:00:00.000Z',
  ...extra,
});
const job: ScoringJob = {
  kind: 'score',
  runId: 'r',
  jobIndex: 3,
  from: '2026-11-25T10:00:00.000Z',
  to: '2026-11-25T11:00:00.000Z',
  shard: 1,
  entities: [
    { entity: 'd1/s1', version: 2 },
    { entity: 'd1/s2', version: 1 },
  ],
  reportUnmodelled: true,
};
const delivery = { attempt: 2, workerId: 'host:7' };
const outcomes: EntityOutcome[] = [
  { entity: 'd1/s1', status: 'scored', rows: 720, anomalies: 3, modelVersion: 2 },
  { entity: 'd1/s2', status: 'failed', rows: 0, anomalies: 0, reason: 'corrupt model' },
];
const result: JobResult = {
  outcomes,
  predictions: 'predictions/2026/11/25/10/run=r/job=3.csv',
  unmodelled: ['d1/s9'],
  timings: { readMs: 5, scoreMs: 7, writeMs: 2 },
};

describe('a job attempt, opened', () => {
  it('runs a queued, failed or running job, keeping the highest attempt and clearing its last end', () => {
    const earlier = record('failed', {
      attempts: 3,
      endedAt: '2026-11-25T10:05:00.000Z',
      durationMs: 40,
      error: 'blip',
    });
    expect(openedRecord(earlier, delivery, '2026-11-25T10:06:00.000Z')).toEqual({
      ...earlier,
      state: 'running',
      attempts: 3,
      workerId: 'host:7',
      startedAt: '2026-11-25T10:06:00.000Z',
      endedAt: undefined,
      durationMs: undefined,
      error: undefined,
    });
    for (const state of ['queued', 'running'] as const) {
      expect(openedRecord(record(state), delivery, 't')).toMatchObject({
        state: 'running',
        attempts: 2,
      });
    }
  });

  it('leaves an ended job as it is: a duplicate delivery', () => {
    for (const state of ['succeeded', 'cancelled'] as const) {
      expect(hasEnded(record(state), 1)).toBe(true);
      expect(openedRecord(record(state), { ...delivery, attempt: 1 }, 't')).toBeUndefined();
    }
    // A dead-lettered job delivered again past its first attempt is a stray retry copy …
    expect(openedRecord(record('dead-lettered'), delivery, 't')).toBeUndefined();
    expect(hasEnded(record('dead-lettered'), 2)).toBe(true);
    // … while a replay starts again at attempt 1 and runs.
    expect(hasEnded(record('dead-lettered'), 1)).toBe(false);
    expect(openedRecord(record('dead-lettered'), { ...delivery, attempt: 1 }, 't')).toMatchObject({
      state: 'running',
    });
  });

  it('says where it started in the log', () => {
    expect(startEvent(job, delivery)).toEqual({
      event: 'start',
      runId: 'r',
      jobIndex: 3,
      kind: 'score',
      attempt: 2,
      workerId: 'host:7',
      shard: 1,
      from: job.from,
      to: job.to,
      entities: 2,
    });
  });

  it('of a cancelled run ends cancelled', () => {
    expect(cancelledRecord(record('queued'), 'end')).toEqual({
      ...record('queued'),
      state: 'cancelled',
      endedAt: 'end',
    });
  });
});

describe('a job attempt, failed', () => {
  it('is retried when transient, dead-lettered when permanent or on its last attempt', () => {
    expect(failureState(new UnavailableError('down'), 1, 3)).toBe('failed');
    expect(failureState(new NotFoundError('gone'), 2, 3)).toBe('failed');
    expect(failureState(new UnavailableError('down'), 3, 3)).toBe('dead-lettered');
    expect(failureState(new NonRetryableError('corrupt windows'), 1, 3)).toBe('dead-lettered');
  });

  it('ends with the reason in its log and record, cut in the record, written at best effort', () => {
    const reason = 'x'.repeat(MAX_RECORD_REASON + 10);
    const end = attemptEnd(job, { state: 'failed', reason }, 42, LOG);
    expect(end.state).toBe('failed');
    expect(end.required).toBe(false);
    expect(end.summary).toBeUndefined();
    expect(end.event).toEqual({
      event: 'end',
      state: 'failed',
      rows: 0,
      anomalies: 0,
      timings: { totalMs: 42 },
      error: reason,
    });
    const stored = record('running', { workerId: 'host:7' });
    const ended = end.record(stored, 'end');
    expect(ended).toEqual({
      ...stored,
      state: 'failed',
      endedAt: 'end',
      durationMs: 42,
      error: `${'x'.repeat(MAX_RECORD_REASON - 1)}…`,
    });
    // A failed attempt's record names no log: only a success does.
    expect(ended.log).toBeUndefined();
    expect(attemptEnd(job, { state: 'dead-lettered', reason: 'r' }, 1, LOG).state).toBe(
      'dead-lettered',
    );
  });
});

describe('a job attempt, succeeded', () => {
  it('records its summary, problems, counts, blobs and unmodelled sensors; must be written', () => {
    const end = attemptEnd(job, { state: 'succeeded', result }, 20, LOG);
    expect(end.state).toBe('succeeded');
    expect(end.required).toBe(true);
    const summary = { scored: 1, noData: 0, noModel: 0, failed: 1, rows: 720, anomalies: 3 };
    expect(end.summary).toEqual(summary);
    expect(end.event).toEqual({
      event: 'end',
      state: 'succeeded',
      rows: 720,
      anomalies: 3,
      timings: { readMs: 5, scoreMs: 7, writeMs: 2, totalMs: 20 },
      predictions: result.predictions,
    });
    const stored = record('running', { error: 'an earlier attempt' });
    expect(end.record(stored, 'end')).toEqual({
      ...stored,
      state: 'succeeded',
      endedAt: 'end',
      durationMs: 20,
      error: undefined,
      summary,
      problems: [outcomes[1]],
      counts: '720:3,0:0',
      predictions: result.predictions,
      log: LOG,
      unmodelled: ['d1/s9'],
    });
  });

  it('of a training job records no counts (the report reads its versions from the log)', () => {
    const trained: JobResult = {
      outcomes: [{ entity: 'd1/s1', status: 'trained', rows: 720, anomalies: 0, modelVersion: 4 }],
      timings: { readMs: 1, trainMs: 9 },
    };
    const end = attemptEnd({ kind: 'train' }, { state: 'succeeded', result: trained }, 10, LOG);
    const ended = end.record(record('running'), 'end');
    expect(ended).toMatchObject({ state: 'succeeded', log: LOG, problems: [] });
    expect(ended).not.toHaveProperty('counts');
    expect(ended).not.toHaveProperty('predictions');
    expect(end.event).not.toHaveProperty('predictions');
  });

  it('leaves counts out when they would not fit the record', () => {
    const many: JobResult = {
      outcomes: Array.from({ length: MAX_JOB_COUNTS_CHARS }, (_, i) => ({
        entity: `d${i}`,
        status: 'scored' as const,
        rows: 720,
        anomalies: 1,
      })),
      timings: {},
    };
    const end = attemptEnd(job, { state: 'succeeded', result: many }, 1, LOG);
    expect(end.record(record('running'), 'end')).not.toHaveProperty('counts');
  });
});
