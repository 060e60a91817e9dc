import { FleetscoreError } from '@fleetscore/shared';

/** Default bound of a partition's batch-id memory (`dedupeBatches`). */
export const DEFAULT_DEDUPE_BATCHES = 100_000;

/**
 * A partition's memory of recently processed `batchId`s, bounded to `capacity` ids; the
 * oldest-inserted id is forgotten first. Each id remembers the stream position (sequence
 * number) that first carried it, so that a redelivery of that same entry — after a handler
 * throw the stream replays from the checkpoint — is processed again, while a different entry
 * carrying the same id (a retried publish) is a duplicate. The memory lives in the process:
 * a new owner (restart, rebalance) starts empty, so a duplicate whose original it never saw
 * is counted again (docs/aggregator.md).
 */
export class RecentBatches {
  /** batchId → first sequence number; a Map iterates in insertion order (oldest first). */
  private readonly seen = new Map<string, number>();

  /** @param capacity ids kept; 0 turns de-duplication off. */
  constructor(private readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0)
      throw new FleetscoreError(
        'CONFIG_INVALID',
        `dedupeBatches must be an integer ≥ 0, got ${capacity}`,
      );
  }

  /** True if `batchId` was first seen at another position; otherwise records it at `seq`. */
  isDuplicate(batchId: string, seq: number): boolean {
    if (this.capacity === 0) return false;
    const first = this.seen.get(batchId);
    if (first !== undefined) return first !== seq;
    this.seen.set(batchId, seq);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return false;
  }

  get size(): number {
    return this.seen.size;
  }
}
