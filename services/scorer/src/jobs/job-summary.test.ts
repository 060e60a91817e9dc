import type { EntityOutcome } from '@fleetscore/shared';
import { MAX_JOB_PROBLEMS, MAX_JOB_UNMODELLED, MAX_RECORD_REASON } from '@fleetscore/shared/ledger';
import { describe, expect, it } from 'vitest';
import { capUnmodelled, entityCounts, findUnmodelled, problems, summarise } from './job-summary.js';

const o = (entity: string, status: EntityOutcome['status'], rows = 0, reason?: string) =>
  ({
    entity,
    status,
    rows,
    anomalies: rows > 0 ? 1 : 0,
    ...(reason ? { reason } : {}),
  }) as EntityOutcome;

describe('job summary', () => {
  it('counts outcomes by status, training as scored', () => {
    const outcomes = [
      o('d/a', 'scored', 10),
      o('d/b', 'trained', 5),
      o('d/c', 'no-data'),
      o('d/d', 'no-model'),
      o('d/e', 'failed', 0, 'bad'),
    ];
    expect(summarise(outcomes)).toEqual({
      scored: 2,
      noData: 1,
      noModel: 1,
      failed: 1,
      rows: 15,
      anomalies: 2,
    });
  });

  it('keeps the problems, capped, with reasons cut', () => {
    const long = 'x'.repeat(MAX_RECORD_REASON + 50);
    const outcomes = [
      o('d/ok', 'scored', 3),
      o('d/partial', 'scored', 3, '2 window(s) left out'),
      ...Array.from({ length: MAX_JOB_PROBLEMS + 5 }, (_, i) => o(`d/f${i}`, 'failed', 0, long)),
    ];
    const { problems: kept, problemsMore } = problems(outcomes);
    expect(kept).toHaveLength(MAX_JOB_PROBLEMS);
    expect(problemsMore).toBe(6); // d/partial and 45 failures: 46 problems, 40 kept
    expect(kept[0]!.entity).toBe('d/partial');
    expect(kept[1]!.reason).toHaveLength(MAX_RECORD_REASON);
    expect(problems(outcomes.slice(0, 2))).toEqual({ problems: [outcomes[1]] });
  });

  it('keeps rows and anomalies per entity in job order, unless too long for the record', () => {
    const outcomes = [o('d/a', 'scored', 720), o('d/b', 'no-data', 0), o('d/c', 'failed', 0)];
    outcomes[0] = { ...outcomes[0]!, anomalies: 4 };
    expect(entityCounts(outcomes)).toBe('720:4,0:0,0:0');
    expect(entityCounts([])).toBe('');
    const many = Array.from({ length: 5_000 }, (_, i) => o(`d/s${i}`, 'scored', 720));
    expect(entityCounts(many)).toBeUndefined();
  });

  it('finds sensors with neither their own model nor their device’s', () => {
    const modelled = new Set(['d1/a', 'd2']);
    expect(findUnmodelled(['d1/a', 'd1/b', 'd2/x', 'd3/y', 'd1/b'], modelled)).toEqual([
      'd1/b',
      'd3/y',
    ]);
    const many = Array.from({ length: MAX_JOB_UNMODELLED + 2 }, (_, i) => `d/s${i}`);
    expect(capUnmodelled(many)).toMatchObject({ unmodelledMore: 2 });
    expect(capUnmodelled(['d/s'])).toEqual({ unmodelled: ['d/s'] });
  });
});
