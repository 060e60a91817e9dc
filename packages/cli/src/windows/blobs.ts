import type { WindowFormat } from '@fleetscore/shared';
import {
  HOUR_MS,
  ID_PATTERN,
  loadedWindowsName,
  shardOf,
  type WindowRecord,
} from '@fleetscore/shared';

export interface WindowBlob {
  name: string;
  /** Start of the UTC hour holding the windows' ends, ms. */
  hourMs: number;
  shard: number;
  windows: WindowRecord[];
}

/**
 * Where loaded windows go: one blob per (UTC hour of the window end, device shard), in the
 * aggregator's layout, named `load-{source}.{format}` (`loadedWindowsName`). The name depends only on the source,
 * hour and shard, so loading the same source again rewrites the same blobs instead of adding
 * copies; another source gets blobs of its own beside them (readers de-duplicate by
 * (device, sensor, end) anyway). Blobs come sorted by name, windows by (end, device, sensor).
 * Pure.
 */
export function planWindowBlobs(
  windows: Iterable<WindowRecord>,
  options: { shards: number; source: string; format: WindowFormat },
): WindowBlob[] {
  // A bad source fails before any window is read, even when there is none.
  loadedWindowsName(0, 0, options.source, options.format);
  const blobs = new Map<string, WindowBlob>();
  for (const window of windows) {
    const hourMs = Math.floor(Date.parse(window.end) / HOUR_MS) * HOUR_MS;
    const shard = shardOf(window.device, options.shards);
    const name = loadedWindowsName(hourMs, shard, options.source, options.format);
    let blob = blobs.get(name);
    if (blob === undefined) {
      blob = { name, hourMs, shard, windows: [] };
      blobs.set(name, blob);
    }
    blob.windows.push(window);
  }
  const sorted = [...blobs.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const blob of sorted) blob.windows.sort(byEndDeviceSensor);
  return sorted;
}

/** The default source id: the file's base name without its extension, made id-safe. */
export function sourceOfPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '') || base;
  const safe = stem.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
  return ID_PATTERN.test(safe) ? safe : 'windows';
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byEndDeviceSensor = (a: WindowRecord, b: WindowRecord) =>
  Date.parse(a.end) - Date.parse(b.end) || cmp(a.device, b.device) || cmp(a.sensor, b.sensor);
