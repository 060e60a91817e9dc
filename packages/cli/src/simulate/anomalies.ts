import { pick, type Random, uniform } from '@fleetscore/shared';
import type { SensorRange } from './sensor-range.js';

export const ANOMALY_KINDS = ['spike', 'drift', 'stuck', 'dropout'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/**
 * Ground truth for one injected anomaly: the closed event-time interval `start ≤ ts ≤ end`
 * (ISO 8601 UTC) of one sensor, and how many readings it altered (for `dropout`: withheld).
 */
export interface AnomalyLabel {
  device: string;
  sensor: string;
  kind: AnomalyKind;
  start: string;
  end: string;
  readings: number;
}

/** An anomaly in progress on one sensor; times in epoch ms. */
export interface ActiveAnomaly {
  kind: AnomalyKind;
  startMs: number;
  /** Planned last instant (inclusive); a spike ends earlier, after its last reading. */
  endMs: number;
  /** Readings altered or withheld so far; the time of the last one. */
  affected: number;
  lastMs: number;
  /** spike: readings still to spike. */
  remaining: number;
  /** spike: ±1 (above or below the range); drift: signed offset reached at endMs. */
  magnitude: number;
  /** stuck: the value repeated; fixed by the first reading. */
  stuckValue: number | undefined;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Draws a new anomaly starting at `startMs`. Shapes (documented in docs/simulator.md):
 * spike 1–3 readings 3–6 range widths outside the range (within a minute); drift 2–5 min
 * reaching ±2–4 widths; stuck 1–3 min at one in-range value; dropout 30–120 s with no readings.
 */
export function startAnomaly(
  random: Random,
  kind: AnomalyKind,
  startMs: number,
  range: SensorRange,
): ActiveAnomaly {
  const width = range.hi - range.lo;
  const sign = random() < 0.5 ? -1 : 1;
  const base = { kind, startMs, affected: 0, lastMs: startMs, remaining: 0, magnitude: 0 };
  switch (kind) {
    case 'spike':
      return {
        ...base,
        endMs: startMs + MINUTE,
        remaining: 1 + pick(random, 3),
        magnitude: sign,
        stuckValue: undefined,
      };
    case 'drift':
      return {
        ...base,
        endMs: startMs + Math.round(uniform(random, 2, 5) * MINUTE),
        magnitude: sign * uniform(random, 2, 4) * width,
        stuckValue: undefined,
      };
    case 'stuck':
      return {
        ...base,
        endMs: startMs + Math.round(uniform(random, 1, 3) * MINUTE),
        stuckValue: undefined,
      };
    case 'dropout':
      return {
        ...base,
        endMs: startMs + Math.round(uniform(random, 30, 120) * SECOND),
        stuckValue: undefined,
      };
  }
}

/**
 * The value an anomaly turns a normal reading at `ts` into, or `null` when the reading is
 * withheld (dropout). Updates the anomaly's counters.
 */
export function applyAnomaly(
  anomaly: ActiveAnomaly,
  random: Random,
  ts: number,
  normal: number,
  range: SensorRange,
): number | null {
  anomaly.affected += 1;
  anomaly.lastMs = ts;
  const width = range.hi - range.lo;
  switch (anomaly.kind) {
    case 'spike': {
      anomaly.remaining -= 1;
      const distance = uniform(random, 3, 6) * width;
      return anomaly.magnitude > 0 ? range.hi + distance : range.lo - distance;
    }
    case 'drift': {
      // Linear from 0 at the start to `magnitude` at the planned end: it stays inside the
      // range for a while before it leaves it.
      const progress = (ts - anomaly.startMs) / (anomaly.endMs - anomaly.startMs);
      return normal + progress * anomaly.magnitude;
    }
    case 'stuck':
      anomaly.stuckValue ??= normal;
      return anomaly.stuckValue;
    case 'dropout':
      return null;
  }
}

/** Whether the anomaly no longer applies to a reading at `ts`. */
export const isOver = (anomaly: ActiveAnomaly, ts: number) =>
  ts > anomaly.endMs || (anomaly.kind === 'spike' && anomaly.remaining <= 0);

/** Closes an anomaly into its label; spikes end at their last reading, others at their plan (cut at `untilMs`). */
export function toLabel(
  anomaly: ActiveAnomaly,
  device: string,
  sensor: string,
  untilMs: number,
): AnomalyLabel {
  const endMs = anomaly.kind === 'spike' ? anomaly.lastMs : Math.min(anomaly.endMs, untilMs);
  return {
    device,
    sensor,
    kind: anomaly.kind,
    start: new Date(anomaly.startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    readings: anomaly.affected,
  };
}
