/**
 * What the demo reads straight from the deployment's container: the aggregator's window blobs
 * (to know when every delivered reading is in a written window) and a run's prediction blobs
 * (to score them against the labels). Layout: docs/architecture.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BlobStore, decodeWindowBlob, hoursBetween } from '@fleetscore/shared';
import type { ScoredWindow } from './evaluate.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `{root}/yyyy/MM/dd/HH/` of the hour holding `ms` (UTC). */
export function hourFolder(root: 'windows' | 'late-events' | 'predictions', ms: number): string {
  const d = new Date(ms);
  return `${root}/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/`;
}

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
        for await (const item of blobs.list(hourFolder(root, hour))) {
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
 * Every prediction row of one run: the blobs `predictions/{hour of from}/run={runId}/`. The
 * scorer's CSV cells never need quoting (ids match the id pattern, numbers are plain).
 */
export async function readRunPredictions(
  blobs: BlobStore,
  runId: string,
  fromMs: number,
): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const item of blobs.list(`${hourFolder('predictions', fromMs)}run=${runId}/`)) {
    const blob = await blobs.get(item.name);
    if (blob === undefined) continue;
    const [header = '', ...lines] = blob.body.toString('utf8').split('\n');
    const columns = header.trim().split(',');
    const at = (name: string) => {
      const index = columns.indexOf(name);
      if (index < 0) throw new Error(`${item.name}: no ${name} column (header ${header})`);
      return index;
    };
    const [ts, device, tag, val, prediction] = ['TS', 'Device', 'Tag', 'Val', 'Prediction'].map(at);
    for (const line of lines) {
      if (line.trim() === '') continue;
      const cells = line.trim().split(',');
      const cell = (i: number | undefined) => cells[i as number] ?? '';
      rows.push({
        device: cell(device),
        sensor: cell(tag),
        endMs: Date.parse(cell(ts)),
        value: cell(val) === '' ? null : Number(cell(val)),
        anomaly: cell(prediction) === '1',
      });
    }
  }
  return rows;
}

export { sleep };
