import type { JobBody } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { ganttLayout } from './gantt.js';

const job = (index: number, fields: Partial<JobBody>): JobBody => ({
  runId: 'r',
  index,
  shard: 0,
  size: 1,
  state: 'succeeded',
  attempts: 1,
  queuedAt: '2026-11-25T10:00:00Z',
  ...fields,
});
const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();

describe('ganttLayout', () => {
  it('puts jobs in one lane per worker, in order of first start', () => {
    const layout = ganttLayout(
      [
        job(0, { workerId: 'b', startedAt: at(5), endedAt: at(9) }),
        job(1, { workerId: 'a', startedAt: at(1), endedAt: at(4) }),
        job(2, { workerId: 'b', startedAt: at(2), endedAt: at(3) }),
        job(3, { state: 'queued' }),
      ],
      Date.parse(at(30)),
    );
    expect(layout.lanes).toEqual(['a', 'b']);
    expect(layout.bars.map((bar) => [bar.job, bar.lane])).toEqual([
      [1, 0],
      [2, 1],
      [0, 1],
    ]);
    expect(layout.start).toBe(Date.parse(at(1)));
    expect(layout.end).toBe(Date.parse(at(9)));
  });

  it('ends a running job at now', () => {
    const now = Date.parse(at(20));
    const layout = ganttLayout(
      [job(0, { state: 'running', workerId: 'w', startedAt: at(10) })],
      now,
    );
    expect(layout.bars[0]).toMatchObject({ end: now, open: true });
    expect(layout.end).toBe(now);
  });

  it('is empty before any job starts', () => {
    const layout = ganttLayout([job(0, { state: 'queued' })], 5);
    expect(layout).toEqual({ lanes: [], bars: [], start: 5, end: 5 });
  });
});
