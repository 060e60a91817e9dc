import { describe, expect, it } from 'vitest';
import type { QueueDepth } from '../ports/job-queue.js';
import { backlogOf, desiredReplicas, type ScalingPolicy } from './desired-replicas.js';

const IDLE: QueueDepth = {
  waiting: 0,
  prioritized: 0,
  delayed: 0,
  active: 0,
  failed: 0,
  deadLettered: 0,
};
const depth = (counts: Partial<QueueDepth>): QueueDepth => ({ ...IDLE, ...counts });
const policy = (p: Partial<ScalingPolicy> = {}): ScalingPolicy => ({
  jobsPerReplica: 4,
  min: 0,
  max: 10,
  ...p,
});

describe('backlogOf', () => {
  it('adds waiting, prioritized, delayed and active; not failed (within delayed) nor dead letters', () => {
    const d = depth({
      waiting: 1,
      prioritized: 2,
      delayed: 4,
      active: 8,
      failed: 3,
      deadLettered: 16,
    });
    expect(backlogOf(d)).toBe(15);
  });
});

describe('desiredReplicas', () => {
  it('returns min on an empty queue: 0 scales to zero', () => {
    expect(desiredReplicas(IDLE, policy())).toBe(0);
    expect(desiredReplicas(IDLE, policy({ min: 2, current: 5 }))).toBe(2);
    // Dead letters need no replica.
    expect(desiredReplicas(depth({ deadLettered: 7 }), policy())).toBe(0);
  });

  it('wakes one replica for a delayed retry when none runs', () => {
    expect(desiredReplicas(depth({ delayed: 1, failed: 1 }), policy({ current: 0 }))).toBe(1);
    expect(desiredReplicas(depth({ delayed: 1 }), policy({ jobsPerReplica: 100 }))).toBe(1);
  });

  it('needs ⌈backlog / jobsPerReplica⌉ replicas, capped by max', () => {
    expect(desiredReplicas(depth({ waiting: 8 }), policy())).toBe(2);
    expect(desiredReplicas(depth({ waiting: 9 }), policy())).toBe(3);
    expect(desiredReplicas(depth({ waiting: 5, prioritized: 3, delayed: 1 }), policy())).toBe(3);
    expect(desiredReplicas(depth({ waiting: 1_000 }), policy())).toBe(10);
    expect(desiredReplicas(depth({ waiting: 1 }), policy({ min: 3 }))).toBe(3);
  });

  it('keeps every replica that may be mid-job when scaling in', () => {
    // 3 active jobs on 6 replicas: the backlog fits one replica, but the jobs may sit on
    // 3 different ones, so 3 stay.
    expect(desiredReplicas(depth({ active: 3 }), policy({ current: 6 }))).toBe(3);
    // Fewer replicas than active jobs: all of them are busy.
    expect(desiredReplicas(depth({ active: 9 }), policy({ current: 2 }))).toBe(3);
    // Without `current`, the active jobs need at least ⌈active / jobsPerReplica⌉.
    expect(desiredReplicas(depth({ active: 9 }), policy())).toBe(3);
    // max still wins.
    expect(desiredReplicas(depth({ active: 8 }), policy({ current: 8, max: 5 }))).toBe(5);
  });

  it('refuses a policy it cannot apply', () => {
    for (const bad of [
      { jobsPerReplica: 0 },
      { jobsPerReplica: 1.5 },
      { min: -1 },
      { min: 3, max: 2 },
      { current: -1 },
    ]) {
      expect(() => desiredReplicas(IDLE, policy(bad))).toThrow(RangeError);
    }
  });
});
