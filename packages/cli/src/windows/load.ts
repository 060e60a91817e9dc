import type { Aggregate, BlobStore, WindowFormat, WindowRecord } from '@fleetscore/shared';
import { windowCodec } from '@fleetscore/shared/windows';
import { planWindowBlobs, type WindowBlob } from './blobs.js';

export interface LoadSummary {
  windows: number;
  sensors: number;
  hours: number;
  blobs: number;
  /** First and last window end, ISO; absent when nothing was loaded. */
  from?: string;
  to?: string;
}

export interface WriteWindowsOptions {
  shards: number;
  source: string;
  format: WindowFormat;
  /** The deployment's aggregates: tabular formats give each a column, as the aggregator does. */
  aggregates: readonly Aggregate[];
  /** Called after each blob is written. */
  onBlob?: (done: number, total: number, blob: WindowBlob) => void;
  signal?: AbortSignal;
}

/** Blobs written at once: enough to hide latency, few enough for a laptop's Azurite. */
const PARALLEL_PUTS = 8;

/** Writes the windows into the window blob layout (whole blobs, overwriting earlier loads). */
export async function writeWindowBlobs(
  blobs: BlobStore,
  windows: readonly WindowRecord[],
  options: WriteWindowsOptions,
): Promise<LoadSummary> {
  const planned = planWindowBlobs(windows, options);
  const codec = windowCodec(options.format);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < planned.length) {
      const blob = planned[next++]!;
      await blobs.put(blob.name, codec.encode(blob.windows, options.aggregates), {
        contentType: codec.contentType,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      options.onBlob?.(++done, planned.length, blob);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PUTS, planned.length) }, worker));
  return summarise(windows, planned.length);
}

/** Counts of what a load holds. Pure. */
export function summarise(windows: readonly WindowRecord[], blobCount: number): LoadSummary {
  const sensors = new Set(windows.map((w) => `${w.device}/${w.sensor}`));
  const hours = new Set(windows.map((w) => w.end.slice(0, 13)));
  const ends = windows.map((w) => w.end).sort();
  return {
    windows: windows.length,
    sensors: sensors.size,
    hours: hours.size,
    blobs: blobCount,
    ...(ends.length > 0 ? { from: ends[0], to: ends[ends.length - 1] } : {}),
  };
}
