import type { LoadedModel } from '@fleetscore/registry';
import type { Entity } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { createModelCache } from './model-cache.js';

/** A registry whose loads resolve when told, counting each. */
function slowRegistry(bytes = 10) {
  const loads: string[] = [];
  const waiting: (() => void)[] = [];
  const registry = {
    load: (entity: Entity, version: number) => {
      loads.push(`${entity.device}@v${version}`);
      return new Promise<LoadedModel>((resolve, reject) => {
        waiting.push(() =>
          entity.device === 'broken'
            ? reject(new Error('corrupt'))
            : resolve({ model: { entity } as never, version, bytes }),
        );
      });
    },
  };
  const release = () => {
    for (const go of waiting.splice(0)) go();
  };
  return { registry, loads, release };
}

describe('model cache', () => {
  it('shares one load between concurrent requests for a key, then serves it held', async () => {
    const { registry, loads, release } = slowRegistry();
    const cache = createModelCache(registry, { maxEntries: 10, maxBytes: 1000 });
    const both = Promise.all([cache.get({ device: 'a' }, 1), cache.get({ device: 'a' }, 1)]);
    release();
    const [x, y] = await both;
    expect(x).toBe(y);
    expect(await cache.get({ device: 'a' }, 1)).toBe(x);
    expect(loads).toEqual(['a@v1']);
  });

  it('returns every model of a burst larger than the cache, each loaded once', async () => {
    const { registry, loads, release } = slowRegistry();
    const cache = createModelCache(registry, { maxEntries: 2, maxBytes: 1000 });
    const devices = ['a', 'b', 'c', 'd', 'e'];
    const all = Promise.all(devices.map((device) => cache.get({ device }, 1)));
    release();
    const got = await all;
    expect(got.map((m) => (m.model as unknown as { entity: Entity }).entity.device)).toEqual(
      devices,
    );
    expect(loads).toEqual(devices.map((d) => `${d}@v1`));
    expect(cache.size).toBe(2);
  });

  it('returns a model larger than the whole budget without keeping it', async () => {
    const { registry, loads, release } = slowRegistry(5000);
    const cache = createModelCache(registry, { maxEntries: 10, maxBytes: 1000 });
    const first = cache.get({ device: 'big' }, 1);
    release();
    expect((await first).bytes).toBe(5000);
    expect(cache.size).toBe(0);
    const again = cache.get({ device: 'big' }, 1);
    release();
    await again;
    expect(loads).toEqual(['big@v1', 'big@v1']);
  });

  it('keeps no failed load: the next request tries again', async () => {
    const { registry, loads, release } = slowRegistry();
    const cache = createModelCache(registry, { maxEntries: 10, maxBytes: 1000 });
    const first = cache.get({ device: 'broken' }, 1);
    release();
    await expect(first).rejects.toThrow('corrupt');
    const second = cache.get({ device: 'broken' }, 1);
    release();
    await expect(second).rejects.toThrow('corrupt');
    expect(loads).toEqual(['broken@v1', 'broken@v1']);
  });

  it('refuses at once for an aborted job, and holds what put gives it', async () => {
    const { registry } = slowRegistry();
    const cache = createModelCache(registry, { maxEntries: 10, maxBytes: 1000 });
    const signal = AbortSignal.abort();
    await expect(cache.get({ device: 'a' }, 1, signal)).rejects.toThrow();
    const loaded = { model: {} as never, version: 2, bytes: 1 };
    cache.put({ device: 'a' }, 2, loaded);
    expect(cache.peek({ device: 'a' }, 2)).toBe(loaded);
    expect(await cache.get({ device: 'a' }, 2)).toBe(loaded);
  });

  it('loads a version once, loads a promoted version fresh, and evicts by count and bytes', async () => {
    const loads: string[] = [];
    const registry = {
      load: async (entity: Entity, version: number): Promise<LoadedModel> => {
        loads.push(`${entity.device}/${entity.sensor}@${version}`);
        return { model: {} as never, version, bytes: entity.device === 'big' ? 600 : 100 };
      },
    };
    const cache = createModelCache(registry, { maxEntries: 3, maxBytes: 1_000 });
    const a = { device: 'd', sensor: 'a' };
    await Promise.all([cache.get(a, 1), cache.get(a, 1)]);
    await cache.get(a, 1);
    expect(loads).toEqual(['d/a@1']);
    // A promoted version is another key: loaded fresh.
    await cache.get(a, 2);
    expect(loads).toEqual(['d/a@1', 'd/a@2']);
    // Over the count: the least recently used (a@1) goes.
    await cache.get({ device: 'd', sensor: 'b' }, 1);
    await cache.get({ device: 'd', sensor: 'c' }, 1);
    expect(cache.size).toBe(3);
    await cache.get(a, 1);
    expect(loads.filter((l) => l === 'd/a@1')).toHaveLength(2);
    // Over the bytes: 600 + 100 + 100 + … stays within 1,000.
    await cache.get({ device: 'big', sensor: 'x' }, 1);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});
