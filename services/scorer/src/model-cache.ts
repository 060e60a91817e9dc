import type { LoadedModel, ModelRegistry } from '@fleetscore/registry';
import type { Entity } from '@fleetscore/shared';
import { entityKey } from '@fleetscore/shared';
import { LRUCache } from 'lru-cache';
import { recordModelCacheLookup } from './metrics.js';

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
  const cache = new LRUCache<string, LoadedModel, { entity: Entity; version: number }>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (loaded) => Math.max(1, loaded.bytes),
    fetchMethod: (_key, _stale, { context }) => registry.load(context.entity, context.version),
  });
  return {
    async get(entity, version, signal) {
      // No signal passed down: lru-cache would add a listener per fetch to the job's signal.
      signal?.throwIfAborted();
      recordModelCacheLookup(cache.has(modelCacheKey(entity, version)));
      const loaded = await cache.fetch(modelCacheKey(entity, version), {
        context: { entity, version },
      });
      // Only a model larger than the whole budget is not kept; it is still returned.
      if (loaded === undefined) return registry.load(entity, version);
      return loaded;
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
