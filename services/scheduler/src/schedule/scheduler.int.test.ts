import { jobId, runId, type Schedule } from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunStack, runStack } from '../runs/testing/run-stack.js';
import { ManualTimer } from './manual-timer.js';
import { Scheduler } from './scheduler.js';
import type { CatchUpPolicy } from './ticks.js';

const hourly: Schedule = { name: 'hourly', cron: '5 * * * *' };
const at = (iso: string) => new Date(iso);
const MODELS = ['d1/t1', 'd2/t1', 'd3/t1', 'd4/t1', 'd5/t1'];

let stacks: RunStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
  stacks = [];
});

async function stack(now: Date) {
  const created = await runStack({ now, shards: 2, jobSize: 2 });
  stacks.push(created);
  await created.addModels(MODELS);
  return created;
}

function scheduler(
  s: RunStack,
  deps: RunStack['deps'],
  timer: ManualTimer,
  catchUp: CatchUpPolicy = 'latest',
  started: string[] = [],
  now = () => s.clock.now,
) {
  const log = {
    info: (fields: { runId?: string; created?: boolean }) => {
      if (fields.created === true && fields.runId !== undefined) started.push(fields.runId);
    },
    warn: () => {},
    error: () => {},
  };
  return new Scheduler({
    log,
    schedules: [hourly],
    timeZone: 'UTC',
    runWindowMinutes: 60,
    catchUp,
    catchUpMax: 24,
    ticks: deps.ledger,
    runs: deps,
    now,
    timer,
  });
}

describe('Scheduler on the local stack', () => {
  it('creates exactly one run per tick with two replicas racing; only the winner enqueues', async () => {
    const s = await stack(at('2026-11-25T10:30:00Z'));
    const [a, b] = [s.replica(), s.replica()];
    const [timerA, timerB] = [new ManualTimer(), new ManualTimer()];
    const [one, two] = [scheduler(s, a.deps, timerA), scheduler(s, b.deps, timerB)];
    await Promise.all([one.start(), two.start()]);
    // First start: no tick recorded, so nothing to catch up; both wait for 11:05.
    expect(
      await s.deps.ledger.listRuns({
        from: at('2026-11-25T00:00:00Z'),
        to: at('2026-11-26T00:00:00Z'),
      }),
    ).toEqual({ items: [] });
    expect(timerA.next()).toEqual(at('2026-11-25T11:05:00Z'));

    s.clock.now = at('2026-11-25T11:05:00Z');
    await Promise.all([timerA.fireDue(s.clock.now), timerB.fireDue(s.clock.now)]);

    const { items } = await s.deps.ledger.listRuns({
      from: at('2026-11-25T00:00:00Z'),
      to: at('2026-11-26T00:00:00Z'),
    });
    const id = runId('hourly', at('2026-11-25T10:00:00Z'));
    expect(items.map((run) => run.id)).toEqual([id]);
    const run = items[0];
    expect(run).toMatchObject({
      state: 'running',
      from: '2026-11-25T10:00:00.000Z',
      to: '2026-11-25T11:00:00.000Z',
      trigger: { kind: 'schedule', schedule: 'hourly' },
    });
    const expected = Array.from({ length: run?.jobCount ?? 0 }, (_, i) => jobId(id, i));
    expect(expected.length).toBeGreaterThan(0);
    // One replica enqueued every job once; the one that lost the insert enqueued nothing.
    const counts = [a.enqueued.length, b.enqueued.length].sort();
    expect(counts).toEqual([0, expected.length]);
    expect([...a.enqueued, ...b.enqueued].sort()).toEqual(expected.sort());
    expect((await s.queue.depth()).waiting).toBe(expected.length);
    expect(await s.deps.ledger.lastTick('hourly')).toEqual(at('2026-11-25T11:05:00Z'));
    expect(timerA.next()).toEqual(at('2026-11-25T12:05:00Z'));
    await Promise.all([one.close(), two.close()]);
  });

  const gap: Array<[CatchUpPolicy, string[]]> = [
    ['all', ['2026-11-25T07:00:00Z', '2026-11-25T08:00:00Z', '2026-11-25T09:00:00Z']],
    ['latest', ['2026-11-25T09:00:00Z']],
    ['none', []],
  ];
  it.each(gap)('catches up a 3-hour gap with policy %s', async (policy, windows) => {
    const s = await stack(at('2026-11-25T10:30:00Z'));
    // The last tick ran at 07:05; the scheduler was down for the 08:05, 09:05 and 10:05 ticks.
    await s.deps.ledger.recordTick('hourly', at('2026-11-25T07:05:00Z'));
    const timer = new ManualTimer();
    const started: string[] = [];
    const sch = scheduler(s, s.deps, timer, policy, started);
    await sch.start();
    const { items } = await s.deps.ledger.listRuns({
      from: at('2026-11-25T00:00:00Z'),
      to: at('2026-11-26T00:00:00Z'),
    });
    expect(items.map((run) => run.from).sort()).toEqual(windows.map((w) => at(w).toISOString()));
    expect(items.every((run) => run.state === 'running')).toBe(true);
    // Oldest first: creation order follows the windows.
    expect(started).toEqual(windows.map((w) => runId('hourly', at(w))));
    expect(await s.deps.ledger.lastTick('hourly')).toEqual(
      policy === 'none' ? at('2026-11-25T07:05:00Z') : at('2026-11-25T10:05:00Z'),
    );
    // The next regular tick runs whatever the policy; with `none`, the gap stays skipped.
    s.clock.now = at('2026-11-25T11:05:00Z');
    await timer.fireDue(s.clock.now);
    const after = await s.deps.ledger.listRuns({
      from: at('2026-11-25T00:00:00Z'),
      to: at('2026-11-26T00:00:00Z'),
    });
    expect(after.items.map((run) => run.from).sort()).toEqual(
      [...windows, '2026-11-25T10:00:00Z'].map((w) => at(w).toISOString()),
    );
    await sch.close();
  });

  it('still runs the tick that falls due while it starts up', async () => {
    const s = await stack(at('2026-11-25T11:04:59Z'));
    await s.deps.ledger.recordTick('hourly', at('2026-11-25T10:05:00Z'));
    // The clock passes 11:05 during start(): reading the last tick, planning a catch-up.
    const clock = [at('2026-11-25T11:04:59Z')];
    const now = () => clock.shift() ?? at('2026-11-25T11:05:01Z');
    const timer = new ManualTimer();
    const sch = scheduler(s, s.deps, timer, 'none', [], now);
    await sch.start();
    // Armed for 11:05, already past: a real timer fires it at once. Armed from "now" after the
    // start, it would wait for 12:05 — and with `none`, never run 11:05 at all.
    expect(timer.next()).toEqual(at('2026-11-25T11:05:00Z'));
    s.clock.now = at('2026-11-25T11:05:01Z');
    await timer.fireDue(s.clock.now);
    const { items } = await s.deps.ledger.listRuns({
      from: at('2026-11-25T00:00:00Z'),
      to: at('2026-11-26T00:00:00Z'),
    });
    expect(items.map((run) => run.id)).toEqual([runId('hourly', at('2026-11-25T10:00:00Z'))]);
    expect(await s.deps.ledger.lastTick('hourly')).toEqual(at('2026-11-25T11:05:00Z'));
    await sch.close();
  });
});
