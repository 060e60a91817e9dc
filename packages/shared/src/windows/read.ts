import {
  hourPath,
  hoursBetween,
  windowBlobShard,
  windowShardPath,
} from '../contracts/blob-layout.js';
import type { WindowRecord } from '../contracts/window.js';
import type { BlobStore } from '../ports/blob-store.js';
import { dedupeWindows } from './dedupe.js';
import type { WindowCodec, WindowFilter, WindowSink } from './formats/codec.js';
import { codecOfBlob } from './formats/registry.js';

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
 * (`dedupeWindows`) and sorted by (end, device, sensor). See `eachWindow` for what is read.
 */
export async function readWindows(
  blobs: BlobStore,
  options: ReadWindowsOptions,
): Promise<WindowRecord[]> {
  const found: WindowRecord[] = [];
  await eachWindow(blobs, options, (window) => found.push(window));
  return dedupeWindows(found);
}

/**
 * Hands each window ending in `[from, to)` of the aggregator's blobs to `emit`, blob by blob in
 * name order, **not** de-duplicated (the caller stores them its own way and must keep one per
 * (device, sensor, end), as `dedupeWindows` does). Each blob is parsed by the format its
 * extension names (`.ndjson`, `.csv`, `.parquet`), so blobs written before a format change
 * still read; rows of other devices and other times are dropped while parsing, and one blob's
 * body is held at a time, so memory follows the windows wanted, not the shard's hour. A blob in
 * no window format, or a wanted row that does not match `windowSchema`, is a broken contract,
 * not a transient failure: `NonRetryableError` naming the blob.
 */
export async function eachWindow(
  blobs: BlobStore,
  options: ReadWindowsOptions,
  emit: WindowSink,
): Promise<void> {
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
  for (const name of names) {
    const codec = codecOfBlob(name); // before the download: fail fast
    // A blob deleted since it was listed (retention) reads as none.
    if (codec.eachPiece === undefined) {
      const blob = await blobs.get(name, { signal });
      if (blob !== undefined) await codec.each(blob.body, name, keep, emit);
    } else await streamLines(blobs, name, codec.eachPiece, keep, emit, signal);
  }
}

/**
 * A line-format blob read as a stream, a few whole lines at a time: the reader never holds the
 * blob (a shard's hour grows with the fleet; a job's windows only with its K entities).
 */
async function streamLines(
  blobs: BlobStore,
  name: string,
  eachPiece: NonNullable<WindowCodec['eachPiece']>,
  keep: WindowFilter,
  emit: WindowSink,
  signal: AbortSignal | undefined,
): Promise<void> {
  const blob = await blobs.getStream(name, { signal });
  if (blob === undefined) return;
  let rest: Buffer = Buffer.alloc(0);
  let line = 1;
  for await (const chunk of blob.body) {
    const bytes = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    const cut = bytes.lastIndexOf(10);
    if (cut < 0) {
      rest = bytes;
      continue;
    }
    line += eachPiece(bytes.subarray(0, cut + 1), name, keep, emit, line);
    rest = bytes.subarray(cut + 1);
  }
  if (rest.length > 0) eachPiece(rest, name, keep, emit, line);
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
 * Blobs outside the layout (`windowBlobShard`) are left out: they are no shard's windows, and a
 * job's payload could not carry their names.
 */
export async function listWindowBlobs(
  blobs: BlobStore,
  options: { from: Date; to: Date; signal?: AbortSignal },
): Promise<Map<number, string[]>> {
  const byShard = new Map<number, string[]>();
  for (const hour of hoursBetween(options.from.getTime(), options.to.getTime())) {
    for await (const item of blobs.list(hourPath('windows', hour), { signal: options.signal })) {
      const shard = windowBlobShard(item.name);
      if (shard === undefined) continue;
      const names = byShard.get(shard);
      if (names === undefined) byShard.set(shard, [item.name]);
      else names.push(item.name);
    }
  }
  return byShard;
}
