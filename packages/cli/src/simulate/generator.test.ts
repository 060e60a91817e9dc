import { readingSchema } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import type { AnomalyKind, AnomalyLabel } from './anomalies.js';
import { createSimulation, type SimulationOptions, type Slot, slotCount } from './generator.js';
import { sensorRange } from './sensor-range.js';

const START = Date.parse('2018-08-28T23:00:00.000Z');

function play(options: Partial<SimulationOptions>, slots: number) {
  const sim = createSimulation({ devices: 3, sensors: 5, rate: 1.5, startMs: START, ...options });
  const played: Slot[] = [];
  for (let i = 0; i < slots; i++) played.push(sim.next());
  return {
    played,
    readings: played.flatMap((s) => (s.reading ? [s.reading] : [])),
    labels: sim.finish(),
  };
}

/** One sensor at 1 reading/s for 40 minutes, injecting only `kind`. */
const oneKind = (kind: AnomalyKind) =>
  play({ devices: 1, sensors: 1, rate: 1, anomalyRate: 0.5, kinds: [kind], seed: 3 }, 2400);

const inside = (label: AnomalyLabel, ts: string) => label.start <= ts && ts <= label.end;

describe('createSimulation', () => {
  it('is deterministic by seed', () => {
    const options = { anomalyRate: 0.3, seed: 42 };
    expect(play(options, 3000)).toEqual(play(options, 3000));
    expect(play({ ...options, seed: 43 }, 3000).readings).not.toEqual(play(options, 3000).readings);
  });

  it('draws ids "1".."N" and values uniform in the reference ranges, at rate R', () => {
    const { readings, labels } = play({ devices: 4, sensors: 7 }, 5400);
    expect(labels).toEqual([]);
    expect(readings).toHaveLength(5400);
    for (const r of readings) {
      expect(readingSchema.parse(r)).toEqual(r);
      const { lo, hi } = sensorRange(Number(r.sensor));
      expect(r.value).toBeGreaterThanOrEqual(lo);
      expect(r.value).toBeLessThanOrEqual(hi);
    }
    expect(new Set(readings.map((r) => r.device))).toEqual(new Set(['1', '2', '3', '4']));
    expect(new Set(readings.map((r) => r.sensor)).size).toBe(7);
    expect(sensorRange(6)).toEqual(sensorRange(1));
    expect(sensorRange(5)).toEqual({ lo: 100, hi: 110 });
    // 1.5/s: slot i at i/1.5 s; the last of an hour's 5,400 slots is before the hour ends.
    expect(readings[3]?.ts).toBe('2018-08-28T23:00:02.000Z');
    expect(readings.at(-1)?.ts).toBe('2018-08-28T23:59:59.333Z');
  });

  it('counts slots from rate and duration', () => {
    expect(slotCount(1.5, 3_600_000)).toBe(5400);
    expect(slotCount(3, 1000)).toBe(3);
    expect(slotCount(0.7, 1000)).toBe(1);
  });

  it('spikes a few readings far outside the range, and labels exactly them', () => {
    const { readings, labels } = oneKind('spike');
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) {
      const hit = readings.filter((r) => inside(label, r.ts));
      expect(hit.length).toBe(label.readings);
      expect(hit.length).toBeGreaterThanOrEqual(1);
      expect(hit.length).toBeLessThanOrEqual(3);
      for (const r of hit) expect(r.value < 10 - 15 || r.value > 15 + 15).toBe(true);
    }
    const normal = readings.filter((r) => !labels.some((l) => inside(l, r.ts)));
    for (const r of normal) expect(r.value >= 10 && r.value <= 15).toBe(true);
  });

  it('drifts gradually: in range at first, out of it by the end', () => {
    const { readings, labels } = oneKind('drift');
    const last = readings.at(-1)?.ts;
    const complete = labels.filter((l) => l.end !== last);
    expect(complete.length).toBeGreaterThan(2);
    for (const label of complete) {
      const hit = readings.filter((r) => inside(label, r.ts));
      expect(hit.length).toBe(label.readings);
      expect(hit[0]?.value).toBeGreaterThanOrEqual(10);
      expect(hit[0]?.value).toBeLessThanOrEqual(15);
      const end = hit.at(-1)?.value ?? 0;
      expect(end < 10 - 5 || end > 15 + 5).toBe(true);
    }
  });

  it('sticks at one in-range value for the labelled interval', () => {
    const { readings, labels } = oneKind('stuck');
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) {
      const values = readings.filter((r) => inside(label, r.ts)).map((r) => r.value);
      expect(values.length).toBe(label.readings);
      expect(values.length).toBeGreaterThan(30);
      expect(new Set(values).size).toBe(1);
    }
  });

  it('withholds every reading of a dropout and counts them in the label', () => {
    const { played, readings, labels } = oneKind('dropout');
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) {
      expect(readings.filter((r) => inside(label, r.ts))).toEqual([]);
      const gap = played.filter((s) => inside(label, new Date(s.ts).toISOString()));
      expect(gap.every((s) => s.reading === null)).toBe(true);
      expect(gap.length).toBe(label.readings);
    }
    const withheld = played.filter((s) => s.reading === null).length;
    expect(withheld).toBe(labels.reduce((n, l) => n + l.readings, 0));
  });
});
