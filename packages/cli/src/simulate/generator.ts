import type { Reading } from '@fleetscore/shared';
import { mulberry32, pick, uniform } from '@fleetscore/shared';
import {
  type ActiveAnomaly,
  ANOMALY_KINDS,
  type AnomalyKind,
  type AnomalyLabel,
  applyAnomaly,
  isOver,
  startAnomaly,
  toLabel,
} from './anomalies.js';
import { sensorRange } from './sensor-range.js';

export interface SimulationOptions {
  /** Devices "1".."devices". */
  devices: number;
  /** Sensors "1".."sensors" on every device. */
  sensors: number;
  /** Readings per second over the whole fleet (the reference sent ~1.5/s). */
  rate: number;
  /** Event time of the first reading, epoch ms. */
  startMs: number;
  /**
   * Probability that an anomaly starts in a (device, sensor, minute) segment, drawn at the
   * segment's first reading while the sensor has none in progress. Default 0.
   */
  anomalyRate?: number;
  /** PRNG seed: the same options and seed give the same readings and labels. Default 1. */
  seed?: number;
  /** Kinds to inject, chosen uniformly. Default all of ANOMALY_KINDS. */
  kinds?: readonly AnomalyKind[];
}

/** One time slot: its event time and the reading sent then (`null` when a dropout withheld it). */
export interface Slot {
  ts: number;
  reading: Reading | null;
}

interface SensorState {
  decidedMinute: number;
  active: ActiveAnomaly | undefined;
}

/** Number of slots with event time in [startMs, startMs + durationMs) at `rate` per second. */
export const slotCount = (rate: number, durationMs: number) =>
  Math.ceil(Number(((durationMs * rate) / 1000).toFixed(6)));

/**
 * The reference simulator, made deterministic: slot i has event time startMs + i/rate s and
 * carries one reading of a uniformly random (device, sensor) with a value uniform in the
 * sensor's range — unless an injected anomaly alters or withholds it. Pure: no clock, no I/O.
 */
export function createSimulation(options: SimulationOptions) {
  const { devices, sensors, rate, startMs, anomalyRate = 0, kinds = ANOMALY_KINDS } = options;
  const random = mulberry32(options.seed ?? 1);
  const states = new Map<string, SensorState>();
  const labels: AnomalyLabel[] = [];
  let slot = 0;

  const timeOf = (i: number) => startMs + Math.floor((i * 1000) / rate);

  function next(): Slot {
    const ts = timeOf(slot++);
    // Always draw device, sensor and value, so anomalies never shift the normal stream.
    const d = 1 + pick(random, devices);
    const s = 1 + pick(random, sensors);
    const range = sensorRange(s);
    const normal = uniform(random, range.lo, range.hi);
    const device = String(d);
    const sensor = String(s);
    const key = `${device}/${sensor}`;
    const state = states.get(key) ?? { decidedMinute: -1, active: undefined };
    states.set(key, state);
    if (state.active !== undefined && isOver(state.active, ts)) {
      labels.push(toLabel(state.active, device, sensor, ts));
      state.active = undefined;
    }
    const minute = Math.floor(ts / 60_000);
    if (state.active === undefined && minute > state.decidedMinute && kinds.length > 0) {
      state.decidedMinute = minute;
      if (random() < anomalyRate) {
        const kind = kinds[pick(random, kinds.length)] as AnomalyKind;
        state.active = startAnomaly(random, kind, ts, range);
      }
    }
    const value =
      state.active === undefined ? normal : applyAnomaly(state.active, random, ts, normal, range);
    if (value === null) return { ts, reading: null };
    return { ts, reading: { device, sensor, ts: new Date(ts).toISOString(), value: round(value) } };
  }

  /**
   * Closes the anomalies still in progress (cut at the last slot's time) and returns every
   * label, ordered by start. Call once, after the last `next()`.
   */
  function finish(): AnomalyLabel[] {
    const lastMs = timeOf(Math.max(0, slot - 1));
    for (const [key, state] of states) {
      if (state.active === undefined) continue;
      const [device = '', sensor = ''] = key.split('/');
      labels.push(toLabel(state.active, device, sensor, lastMs));
      state.active = undefined;
    }
    return labels.sort(
      (a, b) => a.start.localeCompare(b.start) || a.device.localeCompare(b.device),
    );
  }

  return {
    next,
    finish,
    timeOf,
    get slots() {
      return slot;
    },
  };
}

export type Simulation = ReturnType<typeof createSimulation>;

/** Two decimals, like the reference's readings (84.92). */
const round = (value: number) => Math.round(value * 100) / 100;
