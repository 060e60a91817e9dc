import type { LoadedModel } from '@fleetscore/registry';
import {
  type BlobStore,
  failureReason,
  type ModelSource,
  modelPackName,
  type PlannedEntity,
  parseEntityKey,
} from '@fleetscore/shared';
import pMap from 'p-map';
import { isEntityLevel } from '../jobs/failures.js';
import { type ModelCache, modelCacheKey } from './model-cache.js';
import { decodeModelPack, type PackedModel } from './model-pack.js';
import type { ModelPackWriter, Warnings } from './model-pack-writer.js';

export interface PrefetchDeps {
  /** Read only: a pack built here is stored by `packs`. */
  blobs: Pick<BlobStore, 'get'>;
  models: ModelCache;
  packs: ModelPackWriter;
  /** Registry reads in flight while building a pack. */
  loadParallelism: number;
}

export interface Prefetched {
  /** How the models reached the cache (the job log's `models` event says it too). */
  source: ModelSource;
  /**
   * The job's models found or loaded, by `modelCacheKey`, held for the job's duration whatever
   * the LRU evicts meanwhile: a job of K models on a scorer whose cache holds fewer (or shares
   * it with a concurrent job) must not load a model twice.
   */
  models: Map<string, LoadedModel>;
}

/**
 * Gets a scoring job's planned models before it scores, into the job's own map and the LRU.
 * With two or more models missing from the LRU, it reads the job's model pack (one blob);
 * without a pack it loads them from the registry and hands the pack to the writer for the next
 * runs. Best effort: a model that fails to load is left for the entity's own load to fail it
 * (no pack is written then), and a pack that cannot be read or written only costs the
 * per-model reads it was meant to save. Aborts and transient read errors of the registry
 * propagate (the job is retried).
 */
export async function prefetchModels(
  entities: readonly PlannedEntity[],
  deps: PrefetchDeps,
  log: Warnings,
  signal: AbortSignal,
): Promise<Prefetched> {
  const models = new Map<string, LoadedModel>();
  const missing: PlannedEntity[] = [];
  for (const planned of entities) {
    const entity = parseEntityKey(planned.entity)!;
    const loaded = deps.models.peek(entity, planned.version);
    if (loaded === undefined) missing.push(planned);
    else models.set(modelCacheKey(entity, planned.version), loaded);
  }
  if (missing.length === 0) return { source: 'cached', models };
  if (missing.length < 2) return { source: 'single', models };
  const name = modelPackName(entities);
  const pack = await readPack(name, deps.blobs, log, signal);
  if (pack !== undefined) {
    for (const { entity, version, loaded } of pack) {
      const key = parseEntityKey(entity)!;
      deps.models.put(key, version, loaded);
      models.set(modelCacheKey(key, version), loaded);
    }
    return { source: 'pack', models };
  }
  let complete = true;
  // Each load catches its entity's own failure, so one bad model stops no other load.
  await pMap(
    missing,
    async ({ entity, version }) => {
      const key = parseEntityKey(entity)!;
      try {
        models.set(modelCacheKey(key, version), await deps.models.get(key, version, signal));
      } catch (error) {
        if (signal.aborted || !isEntityLevel(error)) throw error;
        complete = false;
      }
    },
    { concurrency: deps.loadParallelism },
  );
  if (complete) {
    const packed = entities.map((planned) => {
      const key = modelCacheKey(parseEntityKey(planned.entity)!, planned.version);
      return { ...planned, loaded: models.get(key)! };
    });
    await deps.packs.write(name, packed, log, signal);
  }
  return { source: 'built', models };
}

/** The pack, or undefined when there is none or it cannot be read (then it is rebuilt). */
async function readPack(
  name: string,
  blobs: Pick<BlobStore, 'get'>,
  log: Warnings,
  signal: AbortSignal,
): Promise<PackedModel[] | undefined> {
  try {
    const blob = await blobs.get(name, { signal });
    return blob === undefined ? undefined : decodeModelPack(blob.body);
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn(`model pack ${name} unreadable: ${failureReason(error)}`);
    return undefined;
  }
}
