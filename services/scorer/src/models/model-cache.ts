import type { LoadedModel, ModelRegistry } from '@fleetscore/registry';
import type { Entity } from '@fleetscore/shared';
import { entityKey } from '@fleetscore/shared';
import { LRUCache } from 'lru-cache';
import { recordModelCacheLookup } from './model-cache-telemetry.js';

/**
 * Parsed models, least recently used first out, bounded by count and by the size of their
 * stored documents. Keyed `{entity}@v{version}`: versions are immutable, so an entry never goes
 * stale, and a promoted version (a new key, chosen by the next run's planner) is loaded fresh
 * with no restart. Concurrent requests for one key share one load.
 */
export interface ModelCache {
  get(entity: Entity, version: number, signal?: AbortSignal): Promise<LoadedModel>;
  /** The model if held, without loading it or counting a lookup. */
  peek(entity: Entity, version: number): LoadedModel | undefined;
  /** Holds a model loaded some other way (a model pack). */
  put(entity: Entity, version: number, loaded: LoadedModel): void;
  readonly size: number;
}

export interface ModelCacheOptions {
  /** Most models held. */
  maxEntries: number;
  /** Most bytes (of stored documents) held. */
  maxBytes: number;
}

export const modelCacheKey = (entity: Entity, version: number) =>
  `${entityKey(entity)}@v${version}`;

export function createModelCache(
  registry: Pick<ModelRegistry, 'load'>,
  options: ModelCacheOptions,
): ModelCache {
  const cache = new LRUCache<string, LoadedModel>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (loaded) => Math.max(1, loaded.bytes),
  });
  // Loads in flight, outside the LRU: lru-cache's own `fetch` gives `undefined` when a pending
  // entry is evicted by other sets, which a small cache under a large job does all the time.
  const loading = new Map<string, Promise<LoadedModel>>();
  return {
    async get(entity, version, signal) {
      // No signal passed down: a load shared by several jobs must not die with one of them.
      signal?.throwIfAborted();
      const key = modelCacheKey(entity, version);
      const held = cache.get(key);
      recordModelCacheLookup(held !== undefined);
      if (held !== undefined) return held;
      let pending = loading.get(key);
      if (pending === undefined) {
        pending = registry
          .load(entity, version)
          .then((loaded) => {
            // A model larger than the whole budget is not kept; it is still returned.
            cache.set(key, loaded);
            return loaded;
          })
          .finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      return pending;
    },
    peek(entity, version) {
      return cache.peek(modelCacheKey(entity, version));
    },
    put(entity, version, loaded) {
      cache.set(modelCacheKey(entity, version), loaded);
    },
    get size() {
      return cache.size;
    },
  };
}
