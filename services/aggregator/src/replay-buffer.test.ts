import { describe, expect, it } from 'vitest';
import { MIN_REPLAY_EVENTS, maxReplayEvents } from './replay-buffer.js';

const defaults = { windowSeconds: 5, lateToleranceSeconds: 5, flushSeconds: 10 };

describe('maxReplayEvents', () => {
  it('holds twice the events a checkpoint trails by: rate × (window + lateness + flush) × 2', () => {
    // The defaults: 20 s behind at 1,000 events/s (one throughput unit on one partition).
    expect(maxReplayEvents({ ...defaults, eventsPerSecond: 1_000 })).toBe(40_000);
    // The benchmark's rate, ~2,800 events/s per partition: the old fixed 10,000 was ~3.6 s.
    expect(maxReplayEvents({ ...defaults, eventsPerSecond: 2_800 })).toBe(112_000);
    expect(
      maxReplayEvents({
        windowSeconds: 60,
        lateToleranceSeconds: 30,
        flushSeconds: 30,
        eventsPerSecond: 250,
      }),
    ).toBe(60_000);
  });

  it('grows with each setting', () => {
    const base = maxReplayEvents({ ...defaults, eventsPerSecond: 500 });
    expect(maxReplayEvents({ ...defaults, windowSeconds: 10, eventsPerSecond: 500 })).toBe(
      base + 5_000,
    );
    expect(maxReplayEvents({ ...defaults, lateToleranceSeconds: 15, eventsPerSecond: 500 })).toBe(
      base + 10_000,
    );
    expect(maxReplayEvents({ ...defaults, flushSeconds: 30, eventsPerSecond: 500 })).toBe(
      base + 20_000,
    );
  });

  it('never goes below its floor', () => {
    expect(maxReplayEvents({ ...defaults, eventsPerSecond: 1 })).toBe(MIN_REPLAY_EVENTS);
    const short = { windowSeconds: 1, lateToleranceSeconds: 0, flushSeconds: 1 };
    expect(maxReplayEvents({ ...short, eventsPerSecond: 200 })).toBe(MIN_REPLAY_EVENTS);
    expect(maxReplayEvents({ ...short, eventsPerSecond: 300 })).toBe(1_200);
  });
});
