import type { WindowRecord } from '../contracts/window.js';

const key = (w: WindowRecord) => `${w.device}\u0000${w.sensor}\u0000${w.end}`;

/**
 * One window per (device, sensor, end), sorted by (end, device, sensor). The aggregator's
 * stream is at-least-once: a crash between writing window blobs and recording the checkpoint
 * replays those events, and the replay may cut its segments differently, so the same window
 * can be in two blobs. Both copies come from the same readings, except where wall-clock idle
 * timeouts differed between the runs; the copy with the larger count (the one that saw more
 * readings) wins, and of equal counts the first seen. Pure; `end` compares as written (UTC ISO).
 */
export function dedupeWindows(windows: Iterable<WindowRecord>): WindowRecord[] {
  const kept = new Map<string, WindowRecord>();
  for (const window of windows) {
    const k = key(window);
    const previous = kept.get(k);
    if (previous === undefined || window.count > previous.count) kept.set(k, window);
  }
  return [...kept.values()].sort(
    (a, b) =>
      Date.parse(a.end) - Date.parse(b.end) || cmp(a.device, b.device) || cmp(a.sensor, b.sensor),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
