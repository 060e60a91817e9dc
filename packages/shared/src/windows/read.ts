import type { WindowRecord } from '../contracts/window.js';
import type { BlobStore } from '../ports/blob-store.js';
import { dedupeWindows } from './dedupe.js';
import { codecOfBlob } from './formats/registry.js';
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
 * (`dedupeWindows`) and sorted by (end, device, sensor). Each blob is parsed by the format its
 * extension names (`.ndjson`, `.csv`, `.parquet`), so blobs written before a format change
 * still read. A blob in no window format, or a row that does not match `windowSchema`, is a
 * broken contract, not a transient failure: `NonRetryableError` naming the blob.
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
        const codec = codecOfBlob(item.name); // before the download: fail fast
        const blob = await blobs.get(item.name, { signal: options.signal });
        if (blob === undefined) continue; // deleted since listed (retention)
        for (const window of await codec.decode(blob.body, item.name)) {
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
