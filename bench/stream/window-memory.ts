/**
 * Heap held per open window by the aggregator's windowing engine, measured in its own process
 * (run with `--expose-gc`) so that nothing else lives on the heap between the two samples:
 * `pairs` distinct (device, sensor) readings placed in one window that is never closed.
 * Prints one JSON line: `{ windows, bytes, bytesPer10k }`.
 */
import { createWindowingEngine } from '@fleetscore/shared/windows';

const pairs = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// Ids built before the first sample: a live aggregator holds them anyway (in the decoded
// event), but the engine's own share is the key string and the accumulator.
const sensors = 5;
const readings = Array.from({ length: pairs }, (_, i) => ({
  device: `d${Math.floor(i / sensors)}`,
  sensor: `s${i % sensors}`,
  ts: '2026-01-01T00:00:02.000Z',
  value: 10 + (i % 7),
}));
const engine = createWindowingEngine({ windowMs: 5_000, latenessMs: 5_000 });
const before = heap();
for (const [i, reading] of readings.entries()) engine.add(reading, i, 0);
const bytes = heap() - before;
const windows = engine.openWindows();
console.log(
  JSON.stringify({ windows, bytes, bytesPer10k: Math.round((bytes / windows) * 10_000) }),
);
