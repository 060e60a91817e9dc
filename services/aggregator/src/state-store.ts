import {
  aggregatorStateName,
  type BlobStore,
  FleetscoreError,
  PreconditionFailedError,
} from '@fleetscore/shared';
import { z } from 'zod';

/**
 * What a partition's last completed flush made durable, written after its window blobs and
 * before the stream checkpoint. It is the authoritative checkpoint: a new owner skips events
 * at or below `seq` even if the stream checkpoint lags, and restores the watermark as `floorMs`.
 */
export const partitionStateSchema = z.object({
  /** Every reading of events ≤ seq is in a durable window or the late audit. */
  seq: z.number().int().min(-1),
  /** The last event processed before that flush (≥ seq). */
  lastSeq: z.number().int().min(-1),
  /** The watermark when the flushed windows were taken, ms; null = none yet (or replay). */
  floorMs: z.number().nullable(),
  /**
   * The newest recently processed batch ids with the sequence number that first carried each,
   * oldest first (`RecentBatches.entries`, at most `PERSISTED_BATCHES`). Absent in state blobs
   * written before it existed.
   */
  batches: z.array(z.tuple([z.string().min(1).max(128), z.number().int().min(0)])).default([]),
});
export type PartitionState = z.infer<typeof partitionStateSchema>;

export const EMPTY_STATE: PartitionState = { seq: -1, lastSeq: -1, floorMs: null, batches: [] };

/**
 * One blob per (consumer group, partition): a few bytes plus the persisted batch ids (≤ ~1.5 MB,
 * `PERSISTED_BATCHES`). Guarded by its ETag so that an owner that lost its partition (a zombie
 * after a lease expiry) cannot overwrite its successor's state: its write fails with
 * `PreconditionFailedError` and it stops.
 */
export class StateStore {
  private readonly etags = new Map<string, string | undefined>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly group: string,
  ) {
    // A bad group fails here, at start-up, rather than at the first partition's load.
    aggregatorStateName(group, '0');
  }

  /** The blob layout's `aggregatorStateName`: both parts checked against ID_PATTERN. */
  name(partitionId: string): string {
    return aggregatorStateName(this.group, partitionId);
  }

  async load(partitionId: string): Promise<PartitionState> {
    const blob = await this.blobs.get(this.name(partitionId));
    this.etags.set(partitionId, blob?.etag);
    if (blob === undefined) return EMPTY_STATE;
    const parsed = partitionStateSchema.safeParse(JSON.parse(blob.body.toString('utf8')));
    if (!parsed.success)
      throw new FleetscoreError('NON_RETRYABLE', `${this.name(partitionId)} is not a state blob`);
    return parsed.data;
  }

  async save(partitionId: string, state: PartitionState): Promise<void> {
    const etag = this.etags.get(partitionId);
    const { etag: next } = await this.blobs.put(this.name(partitionId), JSON.stringify(state), {
      contentType: 'application/json',
      ...(etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag }),
    });
    this.etags.set(partitionId, next);
  }

  forget(partitionId: string): void {
    this.etags.delete(partitionId);
  }
}

export const isLostRace = (error: unknown) =>
  error instanceof PreconditionFailedError ||
  (error instanceof FleetscoreError && error.code === 'ALREADY_EXISTS');
