// Versions on Azurite: numbering under concurrent uploads and after a crashed one, which
// version is current (promotion, rollback) and trained models kept out of use.
import { createHash } from 'node:crypto';
import { NotFoundError, PreconditionFailedError } from '@fleetscore/shared';
import { parseModel } from '@fleetscore/svm';
import { describe, expect, it } from 'vitest';
import { bytes, collect, doc, harness } from './registry.test-helper.js';

describe('ModelRegistry on Azurite: versions', () => {
  it('gives concurrent uploads distinct versions, each blob holding its own document', async () => {
    const { registry, other, blobs } = await harness();
    const entity = { device: 'dev-7' };
    const intercepts = [-0.1, -0.2, -0.3, -0.4, -0.5, -0.6];

    const uploaded = await Promise.all(
      intercepts.map((intercept, i) =>
        (i % 2 === 0 ? registry : other).upload(entity, bytes(doc(intercept))),
      ),
    );

    expect(uploaded.map((v) => v.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [i, version] of uploaded.entries()) {
      const { model } = await registry.load(entity, version.version);
      expect(model.intercept).toBe(intercepts[i]);
      const blob = await blobs.get(version.blob);
      expect(
        createHash('sha256')
          .update(blob?.body ?? '')
          .digest('hex'),
      ).toBe(version.sha256);
    }
    expect((await registry.versions(entity)).map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    // Every upload asked to be current: the newest one wins, whatever order they committed in.
    expect(await registry.get(entity)).toMatchObject({ current: 6, latest: 6 });
  });

  it('skips a version slot whose blob exists without a record (an upload that crashed)', async () => {
    const { registry, blobs } = await harness();
    const entity = { device: 'dev-1', sensor: 'temp' };
    await registry.upload(entity, bytes(doc(-0.1)));
    await blobs.put('models/dev-1/temp/v2.json', 'left by a crash', { ifNoneMatch: '*' });

    const version = await registry.upload(entity, bytes(doc(-0.2)));

    expect(version.version).toBe(3);
    expect((await registry.versions(entity)).map((v) => v.version)).toEqual([3, 1]);
    expect(await registry.get(entity)).toMatchObject({ current: 3, latest: 3, previous: 1 });
  });

  it('promotes, rolls back and refuses unknown versions and missing previous ones', async () => {
    const { registry } = await harness();
    const entity = { device: 'dev-1', sensor: 'temp' };
    await registry.upload(entity, bytes(doc(-0.1)));
    await expect(registry.rollback(entity)).rejects.toThrow(PreconditionFailedError);
    await registry.upload(entity, bytes(doc(-0.2)), { makeCurrent: false });
    expect(await registry.get(entity)).toMatchObject({ current: 1, latest: 2 });

    expect(await registry.setCurrent(entity, 2)).toMatchObject({ current: 2, previous: 1 });
    expect(await registry.rollback(entity)).toMatchObject({ current: 1, previous: 2 });
    expect(await registry.rollback(entity)).toMatchObject({ current: 2, previous: 1 });
    expect(await registry.get(entity)).toMatchObject({ current: 2, latest: 2, previous: 1 });

    await expect(registry.setCurrent(entity, 3)).rejects.toThrow(NotFoundError);
    await expect(registry.setCurrent(entity, 0)).rejects.toThrow(NotFoundError);
    await expect(registry.setCurrent({ device: 'nobody' }, 1)).rejects.toThrow(NotFoundError);
    await expect(registry.rollback({ device: 'nobody' })).rejects.toThrow(NotFoundError);
    await expect(registry.load(entity, 3)).rejects.toThrow(NotFoundError);
  });

  it('registers a trained model and keeps a first version out of use when asked', async () => {
    const { registry } = await harness();
    const entity = { device: 'dev-2' };
    const model = parseModel(doc(-0.3, ['s1', 's2']));

    const version = await registry.register(entity, model, {
      makeCurrent: false,
      note: 'training run t-1',
    });

    expect(version).toMatchObject({ version: 1, source: 'training', features: ['s1', 's2'] });
    expect(await registry.get(entity)).toMatchObject({ current: 0, latest: 1 });
    expect(await collect(registry.currentVersions())).toEqual([]);
    expect((await registry.load(entity, 1)).model).toEqual(model);
    await registry.setCurrent(entity, 1);
    expect(await collect(registry.currentVersions())).toEqual([{ entity: 'dev-2', version: 1 }]);
  });
});
