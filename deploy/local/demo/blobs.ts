/**
 * What the demo reads straight from the deployment's container: the aggregator's window blobs
 * (to know when every delivered reading is in a written window) and a run's prediction blobs
 * (to score them against the labels). Layout: docs/architecture.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BlobStore,
  hourPath,
  hoursBetween,
  parsePredictionCsv,
  runPredictionsPrefix,
} from '@fleetscore/shared';
import { decodeWindowBlob } from '@fleetscore/shared/windows';
import type { ScoredWindow } from './evaluate.js';

export interface WindowTally {
  /** Distinct (device, sensor, end) windows written. */
  windows: number;
  /** Readings in them (a window written twice counts once, with its larger count). */
  readings: number;
  /** Readings the aggregator dropped as late (its audit blobs). */
  late: number;
}

/**
 * Incremental: each blob is read once (window and audit blobs are never rewritten with other
 * content), so polling a large hour costs only the new blobs.
 */
export function windowTally(blobs: BlobStore, fromMs: number, toMs: number) {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const lateLines = new Set<string>();
  const hours = hoursBetween(fromMs, toMs);
  return async (): Promise<WindowTally> => {
    for (const hour of hours) {
      for (const root of ['windows', 'late-events'] as const) {
        for await (const item of blobs.list(hourPath(root, hour))) {
          if (seen.has(item.name)) continue;
          const blob = await blobs.get(item.name);
          if (blob === undefined) continue;
          seen.add(item.name);
          if (root === 'late-events') {
            for (const line of blob.body.toString('utf8').split('\n'))
              if (line) lateLines.add(line);
            continue;
          }
          for (const w of await decodeWindowBlob(item.name, blob.body)) {
            const key = `${w.device}/${w.sensor}/${w.end}`;
            counts.set(key, Math.max(counts.get(key) ?? 0, w.count));
          }
        }
      }
    }
    let readings = 0;
    for (const count of counts.values()) readings += count;
    return { windows: counts.size, readings, late: lateLines.size };
  };
}

/**
 * Waits until the windows (and late audit) of `[fromMs, toMs)` account for `delivered`
 * readings: the aggregator closes the last windows after its idle timeout, then flushes them.
 */
export async function waitForWindows(
  blobs: BlobStore,
  range: { fromMs: number; toMs: number },
  delivered: number,
  options: { timeoutMs: number; onProgress?: (tally: WindowTally) => void },
): Promise<WindowTally> {
  const tally = windowTally(blobs, range.fromMs, range.toMs);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const now = await tally();
    options.onProgress?.(now);
    if (now.readings + now.late >= delivered) return now;
    if (Date.now() > deadline) {
      throw new Error(
        `the aggregator wrote ${now.readings} of ${delivered} readings (${now.late} late) within ${options.timeoutMs / 1000} s`,
      );
    }
    await sleep(2_000);
  }
}

/** One prediction row with the columns the demo needs. */
export interface PredictionRow extends ScoredWindow {
  value: number | null;
}

/**
 * Every prediction row of one run: the blobs under `runPredictionsPrefix` (the hour of its
 * window start `fromMs`), read with the contract's parser.
 */
export async function readRunPredictions(
  blobs: BlobStore,
  runId: string,
  fromMs: number,
): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const item of blobs.list(runPredictionsPrefix(runId, fromMs))) {
    const blob = await blobs.get(item.name);
    if (blob === undefined) continue;
    for (const { prediction: p } of parsePredictionCsv(item.name, blob.body.toString('utf8'))) {
      rows.push({
        device: p.device,
        sensor: p.sensor,
        endMs: Date.parse(p.ts),
        value: p.value,
        anomaly: p.anomaly,
      });
    }
  }
  return rows;
}

export { sleep };
