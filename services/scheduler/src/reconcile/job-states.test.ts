import type { DeadLetter } from '@fleetscore/shared';
import type { JobRecord } from '@fleetscore/shared/ledger';
import { describe, expect, it } from 'vitest';
import { allEnded, countStates, markDeadLettered, sameCounts } from './job-states.js';

const job = (patch: Partial<JobRecord> = {}): JobRecord => ({
  runId: 'hourly-20261125T1000Z',
  index: 0,
  shard: 0,
  size: 2,
  state: 'running',
  attempts: 2,
  queuedAt: '2026-11-25T11:05:00.000Z',
  ...patch,
});
const letter = (patch: Partial<DeadLetter<unknown>> = {}): DeadLetter<unknown> => ({
  id: 'hourly-20261125T1000Z/0',
  payload: {},
  reason: 'boom',
  attempts: 5,
  deadLetteredAt: new Date('2026-11-25T11:20:00Z'),
  ...patch,
});

describe('job states', () => {
  it('counts jobs by state and compares counts ignoring zeros', () => {
    const counts = countStates([job(), job({ state: 'succeeded' }), job({ state: 'succeeded' })]);
    expect(counts).toEqual({ running: 1, succeeded: 2 });
    expect(sameCounts(counts, { running: 1, succeeded: 2, failed: 0 })).toBe(true);
    expect(sameCounts(counts, { running: 2, succeeded: 1 })).toBe(false);
  });

  it('knows when every job has ended', () => {
    expect(allEnded([job({ state: 'succeeded' }), job({ state: 'dead-lettered' })])).toBe(true);
    expect(allEnded([job({ state: 'succeeded' }), job({ state: 'failed' })])).toBe(false);
  });

  it('marks an open job the queue dead-lettered, with the reason cut to the record limit', () => {
    const marked = markDeadLettered(job(), letter({ reason: 'x'.repeat(1_000) }));
    expect(marked).toMatchObject({
      state: 'dead-lettered',
      attempts: 5,
      endedAt: '2026-11-25T11:20:00.000Z',
    });
    expect(marked?.error?.length).toBe(200);
  });

  it('leaves ended jobs, jobs without a dead letter, and dead letters older than a requeue', () => {
    expect(markDeadLettered(job({ state: 'succeeded' }), letter())).toBeUndefined();
    expect(markDeadLettered(job(), undefined)).toBeUndefined();
    expect(
      markDeadLettered(job({ queuedAt: '2026-11-25T11:30:00.000Z' }), letter()),
    ).toBeUndefined();
  });
});
