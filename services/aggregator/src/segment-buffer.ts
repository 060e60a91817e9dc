import {
  type Aggregate,
  type BlobStore,
  hourPath,
  segmentName,
  shardOf,
  type WindowRecord,
  windowShardPath,
} from '@fleetscore/shared';
import type { LateEvent, WindowCodec } from '@fleetscore/shared/windows';

/**
 * One partition's closed windows and late events since its last flush, grouped by the blob
 * they go to: windows by (hour of end, shard), late events by hour of event time. Blob count
 * per flush is therefore at most hours × shards (+ hours of late events), whatever the number
 * of devices.
 */
export class SegmentBuffer {
  private readonly windows = new Map<string, WindowRecord[]>();
  private readonly late = new Map<string, LateEvent[]>();
  private count = 0;

  /**
   * @param codec the format window blobs are written in (late events are always NDJSON).
   * @param aggregates the configured aggregates: every window blob gets their columns.
   */
  constructor(
    private readonly shards: number,
    private readonly codec: WindowCodec,
    private readonly aggregates: readonly Aggregate[],
  ) {}

  addWindows(windows: readonly WindowRecord[]): void {
    for (const window of windows) {
      const folder = windowShardPath(Date.parse(window.end), shardOf(window.device, this.shards));
      push(this.windows, folder, window);
    }
    this.count += windows.length;
  }

  addLate(events: readonly LateEvent[]): void {
    for (const event of events)
      push(this.late, hourPath('late-events', Date.parse(event.reading.ts)), event);
    this.count += events.length;
  }

  /** Windows and late events buffered. */
  size(): number {
    return this.count;
  }

  /**
   * Writes every buffered blob, named by the stream range `[fromSeq, toSeq]` and watermark (`segmentName`),
   * then empties the buffer. Unconditional puts: a replay of the same range rewrites the same
   * names. Throws (leaving the buffer as is) if any write fails.
   */
  async write(
    blobs: BlobStore,
    partitionId: string,
    fromSeq: number,
    toSeq: number,
    watermarkMs: number,
  ): Promise<{ blobs: number; windows: number; late: number }> {
    const { codec } = this;
    const segment = segmentName(partitionId, fromSeq, toSeq, watermarkMs, codec.format);
    const lateSegment = segmentName(partitionId, fromSeq, toSeq, watermarkMs);
    const writes: Promise<unknown>[] = [];
    let windows = 0;
    let late = 0;
    for (const [folder, records] of this.windows) {
      windows += records.length;
      const body = codec.encode(records, this.aggregates);
      writes.push(blobs.put(`${folder}${segment}`, body, { contentType: codec.contentType }));
    }
    for (const [folder, events] of this.late) {
      late += events.length;
      const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
      writes.push(blobs.put(`${folder}${lateSegment}`, text, NDJSON));
    }
    await Promise.all(writes);
    const written = { blobs: writes.length, windows, late };
    this.windows.clear();
    this.late.clear();
    this.count = 0;
    return written;
  }
}

const NDJSON = { contentType: 'application/x-ndjson' };

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
