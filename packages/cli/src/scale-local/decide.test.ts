import type { QueueDepth } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { decideScale, type LocalScalePolicy, type ScaleInput } from './decide.js';

const EMPTY: QueueDepth = {
  waiting: 0,
  prioritized: 0,
  delayed: 0,
  active: 0,
  failed: 0,
  deadLettered: 0,
};
const policy: LocalScalePolicy = { jobsPerReplica: 2, max: 4, idleMs: 60_000 };
const input = (
  over: Partial<Omit<ScaleInput, 'depth'>> & { depth?: Partial<QueueDepth> },
): ScaleInput => ({
  running: 0,
  surplusSince: undefined,
  now: 1_000_000,
  ...over,
  depth: { ...EMPTY, ...over.depth },
});

describe('decideScale', () => {
  it('stays at zero on an empty queue', () => {
    expect(decideScale(input({}), policy)).toEqual({
      action: 'hold',
      count: 0,
      surplusSince: undefined,
    });
  });

  it('wakes one scorer for a delayed retry when none runs', () => {
    // A retry waiting for its backoff is only `delayed` (and `failed`): nothing is waiting.
    const decision = decideScale(input({ depth: { delayed: 1, failed: 1 } }), policy);
    expect(decision).toEqual({ action: 'start', count: 1, surplusSince: undefined });
  });

  it('starts ⌈backlog / jobsPerReplica⌉ at once, capped by max', () => {
    expect(decideScale(input({ depth: { waiting: 5 } }), policy)).toMatchObject({
      action: 'start',
      count: 3,
    });
    expect(decideScale(input({ running: 1, depth: { waiting: 100 } }), policy)).toMatchObject({
      action: 'start',
      count: 3,
    });
    expect(decideScale(input({ running: 4, depth: { waiting: 100 } }), policy).action).toBe('hold');
  });

  it('stops surplus scorers only after the idle period, counted from the first surplus tick', () => {
    const first = decideScale(input({ running: 2, now: 10_000 }), policy);
    expect(first).toEqual({ action: 'hold', count: 0, surplusSince: 10_000 });
    const early = decideScale(
      input({ running: 2, surplusSince: 10_000, now: 10_000 + 59_999 }),
      policy,
    );
    expect(early).toEqual({ action: 'hold', count: 0, surplusSince: 10_000 });
    const late = decideScale(input({ running: 2, surplusSince: 10_000, now: 70_000 }), policy);
    expect(late).toEqual({ action: 'stop', count: 2, surplusSince: undefined });
  });

  it('a backlog during the idle period cancels the pending scale-in', () => {
    const decision = decideScale(
      input({ running: 1, surplusSince: 10_000, now: 69_000, depth: { waiting: 1 } }),
      policy,
    );
    expect(decision).toEqual({ action: 'hold', count: 0, surplusSince: undefined });
  });

  it('keeps every scorer that may be mid-job: scales in only to the active jobs', () => {
    // 1 active job on 3 scorers: which one holds it is unknown, desiredReplicas keeps 1 (≥ active).
    const decision = decideScale(
      input({ running: 3, surplusSince: 0, now: 60_000, depth: { active: 1 } }),
      policy,
    );
    expect(decision).toEqual({ action: 'stop', count: 2, surplusSince: undefined });
  });

  it('stops at once with no idle period', () => {
    expect(decideScale(input({ running: 1 }), { ...policy, idleMs: 0 })).toMatchObject({
      action: 'stop',
      count: 1,
    });
  });
});
