import { type BlobStore, type PlannedEntity, parseEntityKey } from '@fleetscore/shared';
import { isEntityLevel, messageOf } from './errors.js';
import type { JobLog } from './job-log.js';
import { mapLimit } from './map-limit.js';
import type { ModelCache } from './model-cache.js';
import { decodeModelPack, encodeModelPack, modelPackName, type PackedModel } from './model-pack.js';

export interface PrefetchDeps {
  blobs: BlobStore;
  models: ModelCache;
  /** Registry reads in flight while building a pack. */
  parallelism: number;
}

/** How a job's models reached the cache: all held already, from the pack, or one by one. */
export type PrefetchSource = 'cached' | 'pack' | 'built' | 'single';

/**
 * Puts a scoring job's planned models in the cache before it scores. With two or more models
 * missing, it reads the job's model pack (one blob); without a pack it loads them one by one
 * and writes the pack for the next runs. Best effort: a model that fails to load is left for the
 * entity's own load to fail it (no pack is written then), and a pack that cannot be read or
 * written only costs the per-model reads it was meant to save. Aborts and transient read errors
 * of the registry propagate (the job is retried).
 */
export async function prefetchModels(
  entities: readonly PlannedEntity[],
  deps: PrefetchDeps,
  log: JobLog,
  signal: AbortSignal,
): Promise<PrefetchSource> {
  const held = (p: PlannedEntity) => deps.models.peek(parseEntityKey(p.entity)!, p.version);
  const missing = entities.filter((p) => held(p) === undefined);
  if (missing.length === 0) return 'cached';
  if (missing.length < 2) return 'single';
  const name = modelPackName(entities);
  const pack = await readPack(name, deps, log, signal);
  if (pack !== undefined) {
    for (const { entity, version, loaded } of pack) {
      deps.models.put(parseEntityKey(entity)!, version, loaded);
    }
    return 'pack';
  }
  let complete = true;
  await mapLimit(missing, deps.parallelism, async ({ entity, version }) => {
    try {
      await deps.models.get(parseEntityKey(entity)!, version, signal);
    } catch (error) {
      if (signal.aborted || !isEntityLevel(error)) throw error;
      complete = false;
    }
  });
  const models: PackedModel[] = [];
  for (const planned of entities) {
    const loaded = held(planned);
    if (loaded === undefined)
      complete = false; // failed, or evicted by a small cache
    else models.push({ ...planned, loaded });
  }
  if (complete) await writePack(name, models, deps, log, signal);
  return 'built';
}

async function readPack(name: string, deps: PrefetchDeps, log: JobLog, signal: AbortSignal) {
  try {
    const blob = await deps.blobs.get(name, { signal });
    return blob === undefined ? undefined : decodeModelPack(blob.body);
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn(`model pack ${name} unreadable: ${messageOf(error)}`);
    return undefined;
  }
}

async function writePack(
  name: string,
  models: readonly PackedModel[],
  deps: PrefetchDeps,
  log: JobLog,
  signal: AbortSignal,
) {
  try {
    await deps.blobs.put(name, encodeModelPack(models), {
      contentType: 'application/x-ndjson',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn(`model pack ${name} not written: ${messageOf(error)}`);
  }
}
