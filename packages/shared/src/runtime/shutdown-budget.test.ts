import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DRAIN_SECONDS,
  platformGraceSeconds,
  SETTLE_SECONDS,
  shutdownDeadlineMs,
} from './shutdown-budget.js';

describe('the shutdown budget', () => {
  it('gives the process its drain plus the settle time', () => {
    expect(shutdownDeadlineMs(30_000)).toBe(40_000);
    expect(shutdownDeadlineMs()).toBe((DEFAULT_DRAIN_SECONDS + SETTLE_SECONDS) * 1000);
  });

  it('gives the platform more than the process deadline, whatever the drain', () => {
    for (const drain of [1, 15, 30, 600]) {
      expect(platformGraceSeconds(drain) * 1000).toBeGreaterThan(shutdownDeadlineMs(drain * 1000));
    }
  });
});
