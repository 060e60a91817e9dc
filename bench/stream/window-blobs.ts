/**
 * Counts what the aggregator wrote under `windows/`: blobs, NDJSON lines, and distinct
 * (device, sensor, window end) — a replayed segment may repeat lines, which readers
 * de-duplicate, so both are reported.
 */
import type { BlobStore } from '@fleetscore/shared';
import { parseWindows } from '@fleetscore/shared/windows';

export interface WindowCount {
  blobs: number;
  lines: number;
  distinct: number;
}

export async function countWindows(blobs: BlobStore): Promise<WindowCount> {
  const names: string[] = [];
  for await (const item of blobs.list('windows/')) names.push(item.name);
  const keys = new Set<string>();
  let lines = 0;
  // A few downloads at a time: Azurite serves small-blob operations slowly.
  for (let first = 0; first < names.length; first += 8) {
    const contents = await Promise.all(names.slice(first, first + 8).map((n) => blobs.get(n)));
    for (const [k, blob] of contents.entries()) {
      if (!blob) continue;
      for (const w of parseWindows(blob.body.toString('utf8'), names[first + k]!)) {
        lines += 1;
        keys.add(`${w.device}/${w.sensor}/${w.end}`);
      }
    }
  }
  return { blobs: names.length, lines, distinct: keys.size };
}
