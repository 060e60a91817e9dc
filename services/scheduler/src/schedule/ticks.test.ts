import { describe, expect, it } from 'vitest';
import { cronOf, missedTicks, nextTick, windowForTick } from './ticks.js';

const at = (iso: string) => new Date(iso);

describe('windowForTick', () => {
  it('scores the previous full hour for an hourly window', () => {
    expect(windowForTick(at('2026-11-25T10:05:00Z'), 60)).toEqual({
      from: at('2026-11-25T09:00:00Z'),
      to: at('2026-11-25T10:00:00Z'),
    });
  });

  it('treats a tick exactly on a boundary as the end of the window before it', () => {
    expect(windowForTick(at('2026-11-25T10:00:00Z'), 60)).toEqual({
      from: at('2026-11-25T09:00:00Z'),
      to: at('2026-11-25T10:00:00Z'),
    });
  });

  it('aligns other lengths to UTC multiples', () => {
    expect(windowForTick(at('2026-11-25T10:22:00Z'), 15)).toEqual({
      from: at('2026-11-25T10:00:00Z'),
      to: at('2026-11-25T10:15:00Z'),
    });
    expect(windowForTick(at('2026-11-25T00:30:00Z'), 1440)).toEqual({
      from: at('2026-11-24T00:00:00Z'),
      to: at('2026-11-25T00:00:00Z'),
    });
  });

  it('refuses a length that is not a positive integer', () => {
    expect(() => windowForTick(at('2026-11-25T10:00:00Z'), 0)).toThrow(RangeError);
  });
});

describe('missedTicks', () => {
  const hourly = ['5 * * * *', 'UTC'] as const;
  const last = at('2026-11-25T07:05:00Z');
  const now = at('2026-11-25T10:30:00Z');

  it('lists every missed tick oldest first with `all`', () => {
    expect(missedTicks(...hourly, last, now, 'all', 24)).toEqual([
      at('2026-11-25T08:05:00Z'),
      at('2026-11-25T09:05:00Z'),
      at('2026-11-25T10:05:00Z'),
    ]);
  });

  it('keeps the newest `max` when more were missed', () => {
    expect(missedTicks(...hourly, last, now, 'all', 2)).toEqual([
      at('2026-11-25T09:05:00Z'),
      at('2026-11-25T10:05:00Z'),
    ]);
  });

  it('keeps only the latest with `latest`, nothing with `none`', () => {
    expect(missedTicks(...hourly, last, now, 'latest', 24)).toEqual([at('2026-11-25T10:05:00Z')]);
    expect(missedTicks(...hourly, last, now, 'none', 24)).toEqual([]);
  });

  it('includes a tick at exactly now, and nothing when no tick was missed', () => {
    expect(missedTicks(...hourly, last, at('2026-11-25T08:05:00Z'), 'all', 24)).toEqual([
      at('2026-11-25T08:05:00Z'),
    ]);
    expect(missedTicks(...hourly, last, at('2026-11-25T08:04:59Z'), 'all', 24)).toEqual([]);
    expect(missedTicks(...hourly, last, last, 'latest', 24)).toEqual([]);
  });

  it('has no gap to catch up before the first tick was ever recorded', () => {
    expect(missedTicks(...hourly, undefined, now, 'all', 24)).toEqual([]);
  });

  it('reads the expression in the schedule’s time zone', () => {
    // 02:00 in Berlin is 01:00 UTC in winter.
    const nightly = ['0 2 * * *', 'Europe/Berlin'] as const;
    expect(
      missedTicks(...nightly, at('2026-11-23T12:00:00Z'), at('2026-11-25T12:00:00Z'), 'all', 5),
    ).toEqual([at('2026-11-24T01:00:00Z'), at('2026-11-25T01:00:00Z')]);
    expect(nextTick(cronOf(...nightly), at('2026-11-25T12:00:00Z'))).toEqual(
      at('2026-11-26T01:00:00Z'),
    );
  });
});
