import { type WindowRecord, windowSchema } from '../contracts/window.js';
import { NonRetryableError } from '../errors.js';
import type { BlobStore } from '../ports/blob-store.js';
import { dedupeWindows } from './dedupe.js';
import { hoursBetween, windowShardPath } from './layout.js';

export interface ReadWindowsOptions {
  /** Earliest window end included (inclusive). */
  from: Date;
  /** Latest window end, exclusive: `[from, to)` with `to` on the hour reads whole hours. */
  to: Date;
  /** The shards to read (`shardOf(device, S)` of the devices wanted). */
  shards: readonly number[];
  /** Only these devices; default all devices of the shards. */
  devices?: ReadonlySet<string>;
  signal?: AbortSignal;
}

/**
 * Reads the windows ending in `[from, to)` from the aggregator's blobs, de-duplicated
 * (`dedupeWindows`) and sorted by (end, device, sensor). A line that does not match
 * `windowSchema` is a broken contract, not a transient failure: `NonRetryableError`.
 */
export async function readWindows(
  blobs: BlobStore,
  options: ReadWindowsOptions,
): Promise<WindowRecord[]> {
  const fromMs = options.from.getTime();
  const toMs = options.to.getTime();
  const found: WindowRecord[] = [];
  for (const hour of hoursBetween(fromMs, toMs)) {
    for (const shard of new Set(options.shards)) {
      const prefix = windowShardPath(hour, shard);
      for await (const item of blobs.list(prefix, { signal: options.signal })) {
        const blob = await blobs.get(item.name, { signal: options.signal });
        if (blob === undefined) continue; // deleted since listed (retention)
        for (const window of parseWindows(blob.body.toString('utf8'), item.name)) {
          const end = Date.parse(window.end);
          if (end < fromMs || end >= toMs) continue;
          if (options.devices && !options.devices.has(window.device)) continue;
          found.push(window);
        }
      }
    }
  }
  return dedupeWindows(found);
}

/** The windows of one NDJSON blob (blank lines ignored). */
export function parseWindows(text: string, name: string): WindowRecord[] {
  const windows: WindowRecord[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = windowSchema.safeParse(json);
    if (!parsed.success)
      throw new NonRetryableError(`${name} line ${index + 1} is not a window record`);
    windows.push(parsed.data);
  }
  return windows;
}

/** NDJSON of windows, one per line, newline-terminated. */
export function formatWindows(windows: readonly WindowRecord[]): string {
  return windows.map((w) => `${JSON.stringify(w)}\n`).join('');
}
