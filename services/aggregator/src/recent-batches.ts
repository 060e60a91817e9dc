import { FleetscoreError } from '@fleetscore/shared';

/** Default bound of a partition's batch-id memory (`dedupeBatches`). */
export const DEFAULT_DEDUPE_BATCHES = 100_000;

/**
 * Most batch ids a partition persists in its state blob (the newest ones). The state blob is
 * rewritten at every checkpoint, so this bounds that write: ids are at most 128 characters
 * (`readingBatchSchema`), hence ≤ ~1.5 MB per partition, ~0.6 MB with ingest's usual ids.
 */
export const PERSISTED_BATCHES = 10_000;

/** `[batchId, first sequence number]`, oldest first: the persisted form. */
export type BatchEntry = [batchId: string, seq: number];

/**
 * A partition's memory of recently processed `batchId`s, bounded to `capacity` ids; the
 * oldest-inserted id is forgotten first. Each id remembers the stream position (sequence
 * number) that first carried it, so that a redelivery of that same entry — after a handler
 * throw the stream replays from the checkpoint — is processed again, while a different entry
 * carrying the same id (a retried publish) is a duplicate. The newest `PERSISTED_BATCHES` go
 * into the state blob (`entries`) and a new owner starts from them (`restore`), so a batch
 * re-published across a restart or rebalance is still caught (docs/aggregator.md).
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

  /** The newest `limit` ids (default `PERSISTED_BATCHES`, at most the capacity), oldest first. */
  entries(limit = PERSISTED_BATCHES): BatchEntry[] {
    const skip = this.seen.size - Math.min(limit, this.capacity);
    const out: BatchEntry[] = [];
    let index = 0;
    for (const entry of this.seen) if (index++ >= skip) out.push(entry);
    return out;
  }

  /**
   * Starts from a previous owner's persisted ids. Only an empty memory is restored: a memory
   * that already holds ids belongs to this owner, which wrote that state blob itself and has
   * seen everything in it (and possibly more).
   */
  restore(entries: readonly BatchEntry[]): void {
    if (this.seen.size > 0 || this.capacity === 0) return;
    const newest = entries.slice(Math.max(0, entries.length - this.capacity));
    for (const [batchId, seq] of newest) this.seen.set(batchId, seq);
  }

  get size(): number {
    return this.seen.size;
  }
}
