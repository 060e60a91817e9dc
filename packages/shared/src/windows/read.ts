import type { WindowRecord } from '../contracts/window.js';
import type { BlobStore } from '../ports/blob-store.js';
import { dedupeWindows } from './dedupe.js';
import type { WindowFilter } from './formats/codec.js';
import { codecOfBlob } from './formats/registry.js';
import { hourPath, hoursBetween, windowShardPath } from './layout.js';

export interface ReadWindowsOptions {
  /** Earliest window end included (inclusive). */
  from: Date;
  /** Latest window end, exclusive: `[from, to)` with `to` on the hour reads whole hours. */
  to: Date;
  /** The shards to read (`shardOf(device, S)` of the devices wanted). */
  shards: readonly number[];
  /**
   * The window blobs to read, as `listWindowBlobs` found them when the run was planned (a job's
   * input is fixed at planning, so every attempt reads the same blobs). Default: list the
   * shards' hours now (one listing per hour and shard).
   */
  names?: readonly string[];
  /** Only these devices; default all devices of the shards. */
  devices?: ReadonlySet<string>;
  /**
   * Filled with `device/sensor` of every window in range of the blobs read, whether or not its
   * device is wanted (how a job finds the shard's sensors that have no model, without keeping
   * their windows).
   */
  sensorsSeen?: Set<string>;
  signal?: AbortSignal;
}

/**
 * Reads the windows ending in `[from, to)` from the aggregator's blobs, de-duplicated
 * (`dedupeWindows`) and sorted by (end, device, sensor). Each blob is parsed by the format its
 * extension names (`.ndjson`, `.csv`, `.parquet`), so blobs written before a format change
 * still read; rows of other devices and other times are dropped while parsing, so memory
 * follows the windows wanted, not the blob. A blob in no window format, or a wanted row that
 * does not match `windowSchema`, is a broken contract, not a transient failure:
 * `NonRetryableError` naming the blob.
 */
export async function readWindows(
  blobs: BlobStore,
  options: ReadWindowsOptions,
): Promise<WindowRecord[]> {
  const fromMs = options.from.getTime();
  const toMs = options.to.getTime();
  const { devices, sensorsSeen, signal } = options;
  const keep: WindowFilter = (device, sensor, end) => {
    const at = Date.parse(end);
    if (!(at >= fromMs && at < toMs)) return Number.isNaN(at); // NaN: let validation refuse it
    sensorsSeen?.add(`${device}/${sensor}`);
    return devices === undefined || devices.has(device);
  };
  const names = options.names ?? (await listShardBlobs(blobs, options));
  const found: WindowRecord[] = [];
  for (const name of names) {
    const codec = codecOfBlob(name); // before the download: fail fast
    const blob = await blobs.get(name, { signal });
    if (blob === undefined) continue; // deleted since listed (retention)
    for (const window of await codec.decode(blob.body, name, keep)) found.push(window);
  }
  return dedupeWindows(found);
}

/** Every window blob of the shards' hours overlapping `[from, to)`: one listing per (hour, shard). */
async function listShardBlobs(
  blobs: BlobStore,
  options: Pick<ReadWindowsOptions, 'from' | 'to' | 'shards' | 'signal'>,
): Promise<string[]> {
  const names: string[] = [];
  for (const hour of hoursBetween(options.from.getTime(), options.to.getTime())) {
    for (const shard of new Set(options.shards)) {
      const prefix = windowShardPath(hour, shard);
      for await (const item of blobs.list(prefix, { signal: options.signal })) {
        names.push(item.name);
      }
    }
  }
  return names;
}

/**
 * The window blobs of the hours overlapping `[from, to)`, by shard, in name order: one listing
 * per hour for every shard at once (a listing page is a billed request, like a read). The
 * planner calls it once per run and hands each job its shard's names, so jobs never list.
 * Blobs outside the `shard={s}/` layout are left out (they are no shard's windows).
 */
export async function listWindowBlobs(
  blobs: BlobStore,
  options: { from: Date; to: Date; signal?: AbortSignal },
): Promise<Map<number, string[]>> {
  const byShard = new Map<number, string[]>();
  for (const hour of hoursBetween(options.from.getTime(), options.to.getTime())) {
    for await (const item of blobs.list(hourPath('windows', hour), { signal: options.signal })) {
      const shard = shardOfBlob(item.name);
      if (shard === undefined) continue;
      const names = byShard.get(shard);
      if (names === undefined) byShard.set(shard, [item.name]);
      else names.push(item.name);
    }
  }
  return byShard;
}

/** The `s` of `windows/…/shard={s}/…`. */
function shardOfBlob(name: string): number | undefined {
  const match = /\/shard=(\d{1,6})\//.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
