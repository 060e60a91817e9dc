import { describe, expect, it } from 'vitest';
import type { Reading } from '../contracts/reading.js';
import { mulberry32 } from '../runtime/random.js';
import { createWindowingEngine, windowEnd } from './window-engine.js';

const T0 = Date.parse('2018-08-28T23:00:00Z');
const reading = (device: string, sensor: string, ms: number, value = 1): Reading => ({
  device,
  sensor,
  ts: new Date(T0 + ms).toISOString(),
  value,
});

describe('aggregates', () => {
  it('equal a direct computation, stddev being the sample deviation', () => {
    const random = mulberry32(1);
    const values = Array.from({ length: 37 }, () => 80 + random() * 10);
    const engine = createWindowingEngine({
      replay: true,
      aggregates: ['avg', 'min', 'max', 'count', 'sum', 'stddev'],
    });
    for (const [i, v] of values.entries()) engine.add(reading('1', '4', 1 + i * 100, v), i, 0);
    const [window] = engine.flush();
    const sum = values.reduce((a, b) => a + b, 0);
    const mean = sum / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
    expect(window?.count).toBe(37);
    expect(window?.values.avg).toBe(sum / 37);
    expect(window?.values.sum).toBe(sum);
    expect(window?.values.min).toBe(Math.min(...values));
    expect(window?.values.max).toBe(Math.max(...values));
    expect(window?.values.count).toBe(37);
    expect(window?.values.stddev).toBeCloseTo(Math.sqrt(variance), 12);
  });

  it('leaves stddev out of a single-reading window, like SQL NULL', () => {
    const engine = createWindowingEngine({ replay: true, aggregates: ['stddev', 'count'] });
    engine.add(reading('1', '1', 1, 5), 1, 0);
    expect(engine.flush()[0]?.values).toEqual({ count: 1 });
  });
});

describe('output order', () => {
  it('sorts closed windows by (end, device, sensor) whatever the arrival order', () => {
    const engine = createWindowingEngine({ latenessMs: 10_000 });
    const keys = [
      ['3', '1'],
      ['1', '5'],
      ['2', '2'],
      ['1', '10'],
      ['1', '2'],
    ] as const;
    let position = 0;
    for (const ms of [9_000, 2_000, 7_000]) {
      for (const [d, s] of keys) engine.add(reading(d, s, ms), position++, 0);
    }
    engine.add(reading('9', '9', 30_000), position, 0);
    const closed = engine.takeClosed().map((w) => `${w.end.slice(17, 19)} ${w.device}/${w.sensor}`);
    expect(closed).toEqual([
      '05 1/10',
      '05 1/2',
      '05 1/5',
      '05 2/2',
      '05 3/1',
      '10 1/10',
      '10 1/2',
      '10 1/5',
      '10 2/2',
      '10 3/1',
    ]);
  });
});

describe('safePosition', () => {
  it('is the highest position whose readings are all taken or late, and never decreases', () => {
    const random = mulberry32(7);
    const engine = createWindowingEngine({ latenessMs: 3_000, windowMs: 2_000 });
    const pending = new Map<number, string>(); // position → window key, until taken or late
    let clock = 0;
    let previous = -1;
    let lates = 0;
    let behind = 0; // steps where some reading was still pending
    for (let position = 0; position < 2_000; position += 1) {
      clock += random() * 120;
      // Interleaved devices, with jitter up to 5 s so some readings are late.
      const device = String(1 + Math.floor(random() * 4));
      const ms = Math.max(0, clock - random() * 5_000);
      const r = reading(device, '1', ms);
      engine.add(r, position, 0);
      pending.set(position, `${windowEnd(Date.parse(r.ts), 2_000)} ${device}`);
      for (const late of engine.takeLate()) {
        pending.delete(late.position);
        lates += 1;
      }
      if (random() < 0.3) {
        const taken = new Set(engine.takeClosed().map((w) => `${Date.parse(w.end)} ${w.device}`));
        for (const [p, key] of pending) if (taken.has(key)) pending.delete(p);
      }
      const expected = pending.size === 0 ? position : Math.min(...pending.keys()) - 1;
      const safe = engine.safePosition();
      expect(safe).toBe(expected);
      expect(safe).toBeGreaterThanOrEqual(previous);
      previous = safe ?? previous;
      if (expected < position) behind += 1;
    }
    // The scenario exercises both paths, not just the trivial one.
    expect(lates).toBeGreaterThan(10);
    expect(behind).toBeGreaterThan(1_000);
    engine.flush();
    expect(engine.safePosition()).toBe(1_999);
  });
});
