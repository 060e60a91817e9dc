import type { Reading } from '../contracts/reading.js';
import type { WindowRecord } from '../contracts/window.js';
import { NonRetryableError } from '../errors.js';
import { resolveWindowing } from './window-engine-options.js';
import type { LateEvent, WindowingEngine, WindowingOptions } from './window-engine-types.js';
import { type Accumulator, accumulate, aggregateValues, newAccumulator } from './window-stats.js';

/** The windows of one end instant: they close together, so they are kept together. */
interface Bucket {
  readonly endMs: number;
  /** Position of the first reading placed here — the smallest, as positions never decrease. */
  readonly firstPosition: number;
  /** Keyed by `device/sensor` (ids cannot contain `/`). */
  readonly windows: Map<string, Accumulator>;
}

/**
 * The end of the tumbling window holding event time `t` (ms): windows are aligned to the epoch,
 * start-exclusive and end-inclusive, so `t` on a boundary belongs to the window ending at `t`.
 * Integer remainder rather than `Math.ceil(t / w)`, which rounds on large `t`.
 */
export function windowEnd(t: number, windowMs: number): number {
  const r = t % windowMs;
  return r === 0 ? t : r > 0 ? t - r + windowMs : t - r;
}

const iso = (ms: number) => new Date(ms).toISOString();
const byKey = (a: Accumulator, b: Accumulator) =>
  a.device < b.device
    ? -1
    : a.device > b.device
      ? 1
      : a.sensor < b.sensor
        ? -1
        : +(a.sensor > b.sensor);

/**
 * A per-partition event-time windowing engine; see docs/windowing.md for the semantics. All
 * state is in memory, O(open windows); nothing reads a clock: wall time comes in as `nowMs`.
 */
export function createWindowingEngine(options: Partial<WindowingOptions> = {}): WindowingEngine {
  const { windowMs, latenessMs, latePolicy, aggregates, idleTimeoutMs, replay } =
    resolveWindowing(options);
  const seconds = windowMs / 1000;
  const buckets = new Map<number, Bucket>();
  let cached: Bucket | undefined; // consecutive readings mostly share a window end
  let open = 0;
  let maxEventMs = Number.NEGATIVE_INFINITY;
  /**
   * Monotone. In replay it stays −∞ until `flush` (nothing is late, nothing closes before it);
   * a flush then moves it to the latest end it wrote, so that a reading arriving afterwards
   * for a written window is late instead of opening a second, partial copy of it.
   */
  let watermark = Number.NEGATIVE_INFINITY;
  let lastWallMs: number | undefined;
  let lastPosition: number | undefined;
  let late: LateEvent[] = [];

  function place(reading: Reading, endMs: number, position: number): void {
    let bucket = cached?.endMs === endMs ? cached : buckets.get(endMs);
    if (bucket === undefined) {
      bucket = { endMs, firstPosition: position, windows: new Map() };
      buckets.set(endMs, bucket);
    }
    cached = bucket;
    const key = `${reading.device}/${reading.sensor}`;
    const acc = bucket.windows.get(key);
    if (acc !== undefined) accumulate(acc, reading.value);
    else {
      bucket.windows.set(key, newAccumulator(reading.device, reading.sensor, reading.value));
      open += 1;
    }
  }

  function close(bucket: Bucket): WindowRecord[] {
    buckets.delete(bucket.endMs);
    if (cached === bucket) cached = undefined;
    open -= bucket.windows.size;
    const end = iso(bucket.endMs);
    return [...bucket.windows.values()].sort(byKey).map((acc) => ({
      device: acc.device,
      sensor: acc.sensor,
      end,
      seconds,
      count: acc.count,
      values: aggregateValues(acc, aggregates),
    }));
  }

  function closeWhere(test: (endMs: number) => boolean): WindowRecord[] {
    let closing: Bucket[] | undefined; // no allocation when nothing closes (the common call)
    for (const bucket of buckets.values()) {
      if (!test(bucket.endMs)) continue;
      closing ??= [];
      closing.push(bucket);
    }
    return closing === undefined ? [] : closing.sort((a, b) => a.endMs - b.endMs).flatMap(close);
  }

  return {
    add(reading, position, nowMs) {
      if (lastPosition !== undefined && position < lastPosition)
        throw new RangeError(`position ${position} is before the last one, ${lastPosition}`);
      const t = Date.parse(reading.ts);
      if (Number.isNaN(t)) throw new NonRetryableError(`reading ts is not a time: ${reading.ts}`);
      lastPosition = position;
      lastWallMs = nowMs;
      const endMs = windowEnd(t, windowMs);
      // Checked against the watermark before this reading moves it: a reading is never late
      // for its own sake (lateness ≥ 0), and one exactly on the watermark closes its window.
      if (endMs > watermark) place(reading, endMs, position);
      else if (latePolicy === 'drop')
        late.push({ reading, position, watermark: iso(watermark), outcome: 'dropped' });
      else {
        // Stream Analytics' Adjust: into the window holding the instant after the watermark.
        const adjusted = windowEnd(Math.floor(watermark) + 1, windowMs);
        place(reading, adjusted, position);
        const at = iso(watermark);
        late.push({
          reading,
          position,
          watermark: at,
          outcome: 'adjusted',
          adjustedTo: iso(adjusted),
        });
      }
      if (t > maxEventMs) {
        maxEventMs = t;
        if (!replay && t - latenessMs > watermark) watermark = t - latenessMs;
      }
    },
    tick(nowMs) {
      if (replay || lastWallMs === undefined) return;
      // Idle: the watermark moves as if event time had run on with wall time since the last
      // event. Recomputed from that event each time, so repeated ticks do not compound.
      const idleMs = nowMs - lastWallMs;
      if (idleMs >= idleTimeoutMs)
        watermark = Math.max(watermark, maxEventMs - latenessMs + idleMs);
    },
    takeClosed: () => closeWhere((endMs) => endMs <= watermark),
    takeLate() {
      const taken = late;
      late = [];
      return taken;
    },
    flush() {
      if (replay) for (const endMs of buckets.keys()) watermark = Math.max(watermark, endMs);
      return closeWhere(() => true);
    },
    safePosition() {
      if (lastPosition === undefined) return undefined;
      let first = Number.POSITIVE_INFINITY;
      for (const bucket of buckets.values()) first = Math.min(first, bucket.firstPosition);
      return first === Number.POSITIVE_INFINITY ? lastPosition : first - 1;
    },
    watermarkMs: () => watermark,
    openWindows: () => open,
  };
}
