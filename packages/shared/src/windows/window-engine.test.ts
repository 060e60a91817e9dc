import { describe, expect, it } from 'vitest';
import type { Reading } from '../contracts/reading.js';
import { isFleetscoreError } from '../errors.js';
import { createWindowingEngine, windowEnd } from './window-engine.js';

const day = '2018-08-28T23:00:';
const at = (s: string) => `${day}${s}Z`;
const r = (device: string, sensor: string, s: string, value = 1): Reading => ({
  device,
  sensor,
  ts: at(s),
  value,
});
const ends = (windows: { end: string }[]) => windows.map((w) => w.end);

describe('window boundaries', () => {
  it('are start-exclusive, end-inclusive and aligned to the epoch', () => {
    expect(windowEnd(Date.parse(at('05.000')), 5000)).toBe(Date.parse(at('05.000')));
    expect(windowEnd(Date.parse(at('05.001')), 5000)).toBe(Date.parse(at('10.000')));
    expect(windowEnd(0, 5000)).toBe(0);
    expect(windowEnd(1, 5000)).toBe(5000);
    expect(windowEnd(-1, 5000)).toBe(0);
    expect(windowEnd(-5000, 5000)).toBe(-5000);
  });

  it('stamps a reading on the end instant into the window ending then', () => {
    const engine = createWindowingEngine({ replay: true });
    engine.add(r('1', '1', '05.000', 10), 1, 0);
    engine.add(r('1', '1', '05.001', 20), 2, 0);
    const windows = engine.flush();
    expect(windows).toEqual([
      { device: '1', sensor: '1', end: at('05.000'), seconds: 5, count: 1, values: { avg: 10 } },
      { device: '1', sensor: '1', end: at('10.000'), seconds: 5, count: 1, values: { avg: 20 } },
    ]);
  });
});

describe('watermark and lateness', () => {
  it('closes a window once max event time − lateness reaches its end', () => {
    const engine = createWindowingEngine({ latenessMs: 5000 });
    engine.add(r('1', '1', '01.000'), 1, 0);
    engine.add(r('1', '1', '09.999'), 2, 0);
    expect(engine.takeClosed()).toEqual([]);
    expect(engine.watermarkMs()).toBe(Date.parse(at('04.999')));
    engine.add(r('1', '1', '10.000'), 3, 0);
    expect(ends(engine.takeClosed())).toEqual([at('05.000')]);
    expect(engine.openWindows()).toBe(1);
  });

  it('with no lateness, a reading on the end instant closes its own window', () => {
    const engine = createWindowingEngine({ latenessMs: 0 });
    engine.add(r('1', '1', '05.000', 7), 1, 0);
    expect(engine.takeClosed()).toMatchObject([{ end: at('05.000'), values: { avg: 7 } }]);
    expect(engine.takeLate()).toEqual([]);
  });

  it('places out-of-order readings within the lateness in their own window', () => {
    const engine = createWindowingEngine({ latenessMs: 5000 });
    engine.add(r('1', '1', '08.000', 10), 1, 0);
    engine.add(r('1', '1', '03.500', 4), 2, 0);
    engine.add(r('1', '1', '06.000', 20), 3, 0);
    engine.add(r('1', '1', '20.000', 0), 4, 0);
    expect(engine.takeClosed()).toMatchObject([
      { end: at('05.000'), count: 1, values: { avg: 4 } },
      { end: at('10.000'), count: 2, values: { avg: 15 } },
    ]);
    expect(engine.takeLate()).toEqual([]);
  });

  it('drops a reading whose window the watermark passed, and records it', () => {
    const engine = createWindowingEngine({ latenessMs: 5000, latePolicy: 'drop' });
    engine.add(r('1', '1', '12.000'), 1, 0);
    const late = r('1', '1', '04.000', 99);
    engine.add(late, 2, 0);
    expect(engine.takeLate()).toEqual([
      { reading: late, position: 2, watermark: at('07.000'), outcome: 'dropped' },
    ]);
    expect(engine.takeLate()).toEqual([]);
    expect(engine.flush()).toMatchObject([{ end: at('15.000'), count: 1 }]);
  });

  it('adjusts a late reading into the window holding the instant after the watermark', () => {
    const engine = createWindowingEngine({ latenessMs: 5000, latePolicy: 'adjust' });
    engine.add(r('1', '1', '12.000', 1), 1, 0);
    const late = r('1', '1', '04.000', 99);
    engine.add(late, 2, 0);
    expect(engine.takeLate()).toEqual([
      {
        reading: late,
        position: 2,
        watermark: at('07.000'),
        outcome: 'adjusted',
        adjustedTo: at('10.000'),
      },
    ]);
    expect(engine.flush()).toMatchObject([
      { end: at('10.000'), count: 1, values: { avg: 99 } },
      { end: at('15.000'), count: 1, values: { avg: 1 } },
    ]);
  });

  it('adjusts past a watermark on a boundary into the next window', () => {
    const engine = createWindowingEngine({ latenessMs: 0, latePolicy: 'adjust' });
    engine.add(r('1', '1', '10.000'), 1, 0);
    engine.add(r('1', '1', '03.000'), 2, 0);
    expect(engine.takeLate()[0]?.adjustedTo).toBe(at('15.000'));
  });
});

describe('idle timeout', () => {
  it('advances the watermark by the wall time since the last event, without compounding', () => {
    const engine = createWindowingEngine({ latenessMs: 5000, idleTimeoutMs: 30_000 });
    engine.add(r('1', '1', '01.000'), 1, 1_000);
    engine.tick(30_999);
    expect(engine.takeClosed()).toEqual([]);
    engine.tick(31_000);
    expect(engine.watermarkMs()).toBe(Date.parse(at('26.000')));
    engine.tick(31_000);
    expect(engine.watermarkMs()).toBe(Date.parse(at('26.000')));
    expect(ends(engine.takeClosed())).toEqual([at('05.000')]);
    expect(engine.openWindows()).toBe(0);
    // The watermark never moves back: a reading behind it is now late.
    engine.add(r('1', '1', '02.000'), 2, 31_500);
    expect(engine.watermarkMs()).toBe(Date.parse(at('26.000')));
    expect(engine.takeLate()).toMatchObject([{ outcome: 'dropped' }]);
  });

  it('does nothing before the first event', () => {
    const engine = createWindowingEngine({});
    engine.tick(1e12);
    expect(engine.watermarkMs()).toBe(Number.NEGATIVE_INFINITY);
    expect(engine.safePosition()).toBeUndefined();
  });
});

describe('replay', () => {
  it('has no lateness clamp: nothing is late and windows close only on flush', () => {
    const engine = createWindowingEngine({ replay: true, latenessMs: 0 });
    engine.add(r('1', '1', '50.000', 1), 1, 0);
    engine.add(r('1', '1', '01.000', 2), 2, 0);
    engine.tick(1e12);
    expect(engine.takeClosed()).toEqual([]);
    expect(engine.takeLate()).toEqual([]);
    expect(engine.watermarkMs()).toBe(Number.NEGATIVE_INFINITY);
    expect(ends(engine.flush())).toEqual([at('05.000'), at('50.000')]);
    expect(engine.openWindows()).toBe(0);
    expect(engine.safePosition()).toBe(2);
  });

  // An idle flush mid-replay (the sender paused): a reading that comes afterwards for a window
  // already written must not open a second, partial copy of it — readers keep one copy of a
  // (device, sensor, end), and the other copy's readings would be lost without a trace.
  it('makes a reading for a window an earlier flush wrote late, under either policy', () => {
    const drop = createWindowingEngine({ replay: true, latePolicy: 'drop' });
    drop.add(r('1', '1', '06.000', 1), 1, 0);
    drop.add(r('1', '1', '09.000', 2), 2, 0);
    expect(drop.flush()).toMatchObject([{ end: at('10.000'), count: 2 }]);
    expect(drop.watermarkMs()).toBe(Date.parse(at('10.000')));
    drop.add(r('1', '1', '09.500', 3), 3, 0);
    drop.add(r('1', '1', '10.500', 4), 4, 0);
    expect(drop.takeLate()).toMatchObject([
      { position: 3, outcome: 'dropped', watermark: at('10.000') },
    ]);
    expect(drop.flush()).toMatchObject([{ end: at('15.000'), count: 1, values: { avg: 4 } }]);

    const adjust = createWindowingEngine({ replay: true, latePolicy: 'adjust' });
    adjust.add(r('1', '1', '09.000', 2), 1, 0);
    adjust.flush();
    adjust.add(r('1', '1', '09.500', 3), 2, 0);
    expect(adjust.takeLate()).toMatchObject([{ outcome: 'adjusted', adjustedTo: at('15.000') }]);
    expect(adjust.flush()).toMatchObject([{ end: at('15.000'), count: 1, values: { avg: 3 } }]);
  });
});

describe('input checks', () => {
  it('refuses a position before the last one and a bad option', () => {
    const engine = createWindowingEngine({});
    engine.add(r('1', '1', '01.000'), 5, 0);
    expect(() => engine.add(r('1', '1', '01.000'), 4, 0)).toThrow(RangeError);
    for (const bad of [{ windowMs: 500 }, { latenessMs: -1 }, { aggregates: [] }]) {
      let error: unknown;
      try {
        createWindowingEngine(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isFleetscoreError(error, 'CONFIG_INVALID')).toBe(true);
    }
  });
});
