import { type BlobStore, failureReason } from '@fleetscore/shared';
import { encodeModelPack, type PackedModel } from './model-pack.js';

/** Where a job's warnings go (its JobLog). */
export interface Warnings {
  warn(message: string): void;
}

/**
 * Stores the model packs that jobs built from the registry, for the runs after them
 * (model-pack.ts). Reading packs is the prefetch's; writing them is this, the one place a pack
 * blob is put.
 */
export interface ModelPackWriter {
  /**
   * Best effort: a pack not written only costs later cold jobs the per-model reads it was
   * meant to save, so a failure is a warning of the job's; an abort propagates (the job is
   * being handed back, and nothing it started may still be writing).
   */
  write(
    name: string,
    models: readonly PackedModel[],
    log: Warnings,
    signal: AbortSignal,
  ): Promise<void>;
}

export function createModelPackWriter(blobs: Pick<BlobStore, 'put'>): ModelPackWriter {
  return {
    async write(name, models, log, signal) {
      try {
        await blobs.put(name, encodeModelPack(models), {
          contentType: 'application/x-ndjson',
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        log.warn(`model pack ${name} not written: ${failureReason(error)}`);
      }
    },
  };
}
