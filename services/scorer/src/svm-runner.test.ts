import type { LoadedModel } from '@fleetscore/registry';
import { decisionFunction, fitOneClassSvm } from '@fleetscore/svm';
import { describe, expect, it } from 'vitest';
import { createModelCache } from './models/model-cache.js';
import { createSvmRunner } from './svm-runner.js';

const training = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 3 + (i % 7));
const fitted = fitOneClassSvm(training, 2, { nu: 0.1, gamma: 0.5, standardize: true });
const rows = Float64Array.from({ length: 60 }, (_, i) => Math.cos(i) * 4);

describe('SVM runner', () => {
  it('scores and fits in worker threads exactly as on the main thread', async () => {
    const pool = createSvmRunner(2);
    const inline = createSvmRunner(0);
    try {
      const expected = decisionFunction(fitted, rows);
      const [threaded, direct] = await Promise.all([
        pool.decide(fitted, rows.slice()),
        inline.decide(fitted, rows.slice()),
      ]);
      expect([...threaded]).toEqual([...expected]);
      expect([...direct]).toEqual([...expected]);

      const params = { nu: 0.1, gamma: 0.5, standardize: true, features: ['x', 'y'] };
      const model = await pool.fit(training.slice(), 2, params);
      const again = fitOneClassSvm(training, 2, params);
      expect([...model.dualCoef]).toEqual([...again.dualCoef]);
      expect(model.intercept).toBe(again.intercept);
      expect(model.features).toEqual(['x', 'y']);
    } finally {
      await Promise.all([pool.close(), inline.close()]);
    }
  });
});

describe('model cache', () => {
  const loaded = (bytes: number): LoadedModel => ({ model: fitted, version: 1, bytes });

  it('loads a version once, shares concurrent loads, and evicts by count and bytes', async () => {
    const loads: string[] = [];
    const registry = {
      load: async (entity: { device: string; sensor?: string }, version: number) => {
        loads.push(`${entity.device}/${entity.sensor}@${version}`);
        return loaded(entity.device === 'big' ? 600 : 100);
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

  it('passes a failed load on and does not keep it', async () => {
    let fail = true;
    const cache = createModelCache(
      {
        load: async () => {
          if (fail) throw new Error('corrupt');
          return loaded(10);
        },
      },
      { maxEntries: 10, maxBytes: 1_000 },
    );
    await expect(cache.get({ device: 'd' }, 1)).rejects.toThrow('corrupt');
    fail = false;
    await expect(cache.get({ device: 'd' }, 1)).resolves.toMatchObject({ bytes: 10 });
  });
});
