import type { Reading } from '../contracts/reading.js';
import type { Aggregate, WindowRecord } from '../contracts/window.js';

/**
 * The windowing engine's contract, shared by the aggregator service (stream in, blobs out) and
 * the `fleetscore aggregate` batch CLI. Pure: no I/O, no clocks — wall time comes in as
 * arguments. One engine per stream partition (a device's readings all land in one partition).
 */
export interface WindowingOptions {
  /** Tumbling window length, ms, aligned to the Unix epoch. Default 5,000. */
  windowMs: number;
  /** Allowed lateness, ms: watermark = max event time seen − this. Default 5,000. */
  latenessMs: number;
  /** Events older than the watermark: `drop` (default, kept for audit) or `adjust` (ASA). */
  latePolicy: 'drop' | 'adjust';
  /** Default `['avg']`. */
  aggregates: readonly Aggregate[];
  /**
   * Wall time without events after which the watermark advances by wall time, ms, so an idle
   * partition does not hold its windows open forever. Default 30,000.
   */
  idleTimeoutMs: number;
  /** Backfill: window by event time with no lateness clamp; windows close on `flush`. */
  replay: boolean;
}

/** A reading that was not placed in its own window, for the late-events audit. */
export interface LateEvent {
  reading: Reading;
  /** Stream position of the event that carried it. */
  position: number;
  watermark: string;
  /** `dropped`, or `adjusted` into the window ending at `adjustedTo`. */
  outcome: 'dropped' | 'adjusted';
  adjustedTo?: string;
}

export interface WindowingEngine {
  /**
   * Adds one reading. `position` is the stream position (sequence number) of the event that
   * carried it, non-decreasing across calls; `nowMs` is wall time, for idle detection.
   */
  add(reading: Reading, position: number, nowMs: number): void;
  /**
   * Advances the watermark by wall time when the partition has been idle: once
   * `nowMs − (wall time of the last add) ≥ idleTimeoutMs`, watermark = max(watermark,
   * max event time − latenessMs + that idle time). No effect in replay or before the first add.
   */
  tick(nowMs: number): void;
  /** Removes and returns the windows whose end the watermark has passed, sorted by (end, device, sensor). */
  takeClosed(): WindowRecord[];
  /** Removes and returns the late events recorded since the last call. */
  takeLate(): LateEvent[];
  /**
   * Closes every open window (replay end); returns them sorted like `takeClosed`. In replay the
   * watermark moves to the latest end closed: later readings for those windows are late.
   */
  flush(): WindowRecord[];
  /**
   * The highest position p such that every reading at a position ≤ p is in a window already
   * taken (or recorded as late): the position that is safe to checkpoint once those windows are
   * durable. Undefined before anything was added. Ask between events (once every reading of a
   * position was added): it never decreases then. See docs/windowing.md.
   */
  safePosition(): number | undefined;
  /** Current watermark, ms since the epoch (−Infinity before the first event). */
  watermarkMs(): number;
  /** Windows currently open (for metrics and memory accounting). */
  openWindows(): number;
}
