import { describe, expect, it } from 'vitest';
import { type RaceObservations, raceRow } from './scheduler-race-row.js';

const MINUTE = 60_000;
const seeded = new Date('2026-11-26T10:00:00Z');
const schedule = { kind: 'schedule', schedule: 'minutely' } as const;

/** The run of tick `10:0m`: it scores the minute before. */
const run = (minute: number, id = `minutely-${minute}`) => ({
  id,
  from: new Date(seeded.getTime() + (minute - 1) * MINUTE).toISOString(),
  trigger: schedule,
  jobCount: 16,
});

function observations(minutes: number[], over: Partial<RaceObservations> = {}): RaceObservations {
  const runs = minutes.map((m) => run(m));
  return {
    schedule: 'minutely',
    seeded,
    checkedAt: seeded.getTime() + 3 * MINUTE + 5_000,
    aheadMs: 20_000,
    runs,
    jobRecords: new Map(runs.map((r) => [r.id, 16])),
    creations: new Map(runs.map((r) => [r.id, 1])),
    queuedJobs: 16 * runs.length,
    lastTick: new Date(seeded.getTime() + Math.max(...minutes) * MINUTE),
    exits: 0,
    notes: [],
    ...over,
  };
}

describe('raceRow', () => {
  it('passes one run per due tick, each enqueued once', () => {
    const row = raceRow(observations([1, 2, 3]));
    expect(row.violations).toEqual([]);
    expect(row.outcome).toBe('3 runs for 3 ticks due, 48 jobs enqueued once');
  });

  it('names a skipped tick, a tick run twice and a run from the future', () => {
    const o = observations([1, 3, 9]);
    const row = raceRow({ ...o, runs: [...o.runs, run(3, 'minutely-3-again')] });
    expect(row.violations).toEqual([
      'ticks without a run: 2026-11-26T10:02:00.000Z',
      expect.stringContaining('ticks with several runs: 2026-11-26T10:03:00.000Z'),
      'runs for ticks no clock had reached: 2026-11-26T10:09:00.000Z',
      'runs not created by exactly one replica: minutely-3-again ×0',
      'minutely-3-again: 0 job records for 16 planned jobs',
      '48 jobs in the queue for 64 planned',
    ]);
  });

  it('accepts a tick the fast clock reached, and checks the recorded last tick', () => {
    const o = observations([1, 2, 3, 4], { checkedAt: seeded.getTime() + 4 * MINUTE - 10_000 });
    expect(raceRow(o).violations).toEqual([]);
    expect(raceRow({ ...o, lastTick: seeded }).violations).toEqual([
      "last tick recorded 2026-11-26T10:00:00.000Z, newest run's 2026-11-26T10:04:00.000Z",
    ]);
  });

  it('counts creations per run, enqueued jobs against the plans, and exits', () => {
    const creations = new Map([
      ['minutely-1', 2],
      ['minutely-2', 1],
    ]);
    const row = raceRow(observations([1, 2, 3], { creations, queuedJobs: 64, exits: 1 }));
    expect(row.violations).toEqual([
      'runs not created by exactly one replica: minutely-1 ×2, minutely-3 ×0',
      '64 jobs in the queue for 48 planned',
      '1 scheduler processes exited',
    ]);
  });
});
