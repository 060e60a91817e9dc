import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type BlobStore,
  NonRetryableError,
  NotFoundError,
  PreconditionFailedError,
  type RecordTable,
} from '@fleetscore/shared';
import {
  AzureBlobStore,
  AzureRecordTable,
  createContainerClient,
  createTableClient,
} from '@fleetscore/shared/azure';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import {
  decisionFunction,
  importSklearnModel,
  type ModelDocument,
  parseModel,
} from '@fleetscore/svm';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelRegistry } from './create-registry.js';
import { InvalidModelError } from './errors.js';
import { openModelRegistry } from './open-registry.js';
import type { ModelRegistry } from './registry.js';

const { storageConnectionString: connectionString } = testStack();
const referenceModels = new URL('../../../../shared/reference/models/', import.meta.url);
const refused = new URL('../../svm/fixtures/sklearn/refused/', import.meta.url);

/** A small valid v1 document; `intercept` tells versions apart. */
function doc(intercept = -0.5, features = ['Value']): ModelDocument {
  return {
    format: 'fleetscore.ocsvm/v1',
    features,
    scaler: { mean: features.map(() => 12.5), scale: features.map(() => 1.4) },
    kernel: 'rbf',
    gamma: 0.01,
    coef0: 0,
    degree: 3,
    supportVectors: [features.map(() => -1.2), features.map(() => 0.8)],
    dualCoef: [0.5, 0.5],
    intercept,
    training: { note: 'test' },
  };
}

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

interface Harness {
  registry: ModelRegistry;
  blobs: BlobStore;
  table: RecordTable<object>;
  /** A second registry on the same storage (another process). */
  other: ModelRegistry;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function harness(): Promise<Harness> {
  const container = uniqueName('models');
  const tableName = uniqueName('models');
  const blobs = await AzureBlobStore.connect({ connectionString, container });
  const table = await AzureRecordTable.connect<object>({ connectionString, table: tableName });
  cleanups.push(
    () => createContainerClient({ connectionString, container }).deleteIfExists(),
    () => createTableClient({ connectionString, table: tableName }).deleteTable(),
  );
  // A clock that moves a second per reading, so every timestamp is distinct.
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const clock = () => {
    tick += 1000;
    return new Date(tick);
  };
  return {
    registry: createModelRegistry({ blobs, table, clock }),
    other: createModelRegistry({ blobs, table, clock }),
    blobs,
    table,
  };
}

describe('ModelRegistry on Azurite', () => {
  it('opens on the configured storage, uploads a v1 document as version 1, current, and loads it', async () => {
    const container = uniqueName('models');
    const tablePrefix = uniqueName('t');
    cleanups.push(
      () => createContainerClient({ connectionString, container }).deleteIfExists(),
      () => createTableClient({ connectionString, table: `${tablePrefix}models` }).deleteTable(),
    );
    const registry = await openModelRegistry({ connectionString, container, tablePrefix });
    const entity = { device: 'dev-1', sensor: 'temp' };

    const version = await registry.upload(entity, bytes(doc()), { note: 'first' });

    expect(version).toMatchObject({
      entity: 'dev-1/temp',
      version: 1,
      blob: 'models/dev-1/temp/v1.json',
      source: 'json',
      features: ['Value'],
      nSupport: 2,
      kernel: 'rbf',
      note: 'first',
    });
    const blobs = await AzureBlobStore.connect({ connectionString, container });
    const blob = await blobs.get('models/dev-1/temp/v1.json');
    expect(blob?.contentType).toBe('application/json');
    expect(
      createHash('sha256')
        .update(blob?.body ?? '')
        .digest('hex'),
    ).toBe(version.sha256);
    expect(await registry.get(entity)).toMatchObject({
      entity: 'dev-1/temp',
      current: 1,
      latest: 1,
    });
    expect((await registry.get(entity))?.previous).toBeUndefined();
    expect(await registry.versions(entity)).toEqual([version]);
    const loaded = await registry.load(entity, 1);
    expect(loaded.version).toBe(1);
    expect(loaded.bytes).toBe(blob?.size);
    expect(loaded.model).toEqual(parseModel(doc()));
  });

  it('converts a reference pickle to a v1 document scoring exactly as the pickle does', async () => {
    const { registry, blobs } = await harness();
    const pickle = readFileSync(new URL('model_2_3', referenceModels));
    const entity = { device: '2', sensor: '3' };

    const version = await registry.upload(entity, pickle);

    expect(version).toMatchObject({ version: 1, source: 'pickle', features: ['Value'] });
    const stored = await blobs.get(version.blob);
    // What is stored is the converted document, never the pickle's bytes.
    expect(JSON.parse(stored?.body.toString('utf8') ?? '')).toMatchObject({
      format: 'fleetscore.ocsvm/v1',
      features: ['Value'],
    });
    const rows = Float64Array.from([60, 61.5, 62.25, 64.9, 66, 58]);
    const { model } = await registry.load(entity, 1);
    expect(decisionFunction(model, rows)).toEqual(
      decisionFunction(importSklearnModel(pickle), rows),
    );
  });

  it('refuses a hostile pickle, garbage and an invalid document, storing nothing', async () => {
    const { registry, blobs, table } = await harness();
    const entity = { device: 'dev-1', sensor: 'temp' };
    const hostile = readFileSync(new URL('os-system.pkl', refused));

    await expect(registry.upload(entity, hostile)).rejects.toThrow(InvalidModelError);
    await expect(registry.upload(entity, hostile)).rejects.toThrow(/os\.system/);
    await expect(registry.upload(entity, bytes({ ...doc(), kernel: 'rbf2' }))).rejects.toThrow(
      /invalid model file: kernel/,
    );
    await expect(registry.upload(entity, new TextEncoder().encode('{"format": '))).rejects.toThrow(
      /not JSON/,
    );
    await expect(registry.upload(entity, Uint8Array.from([1, 2, 3, 4]))).rejects.toThrow(
      InvalidModelError,
    );
    await expect(
      registry.upload(entity, readFileSync(new URL('model_1_1', referenceModels)), {
        features: ['a', 'b'],
      }),
    ).rejects.toThrow(/2 feature names given for a model of 1 features/);

    expect(await collect(blobs.list('models/'))).toEqual([]);
    expect(await collect(table.list('entries'))).toEqual([]);
    expect(await registry.get(entity)).toBeUndefined();
  });

  it('refuses invalid entity ids before touching storage', async () => {
    const { registry, blobs } = await harness();
    await expect(registry.upload({ device: '../etc' }, bytes(doc()))).rejects.toThrow(RangeError);
    await expect(registry.upload({ device: 'a', sensor: 'b/c' }, bytes(doc()))).rejects.toThrow(
      RangeError,
    );
    expect(await collect(blobs.list(''))).toEqual([]);
  });

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

  it('lists entries in (device, sensor) order, paged and narrowed to one device', async () => {
    const { registry } = await harness();
    const keys = ['b/x', 'a0/z', 'a/y', 'a', 'a-b/x', 'a/x', 'a.c'];
    for (const key of keys) {
      const [device = '', sensor] = key.split('/');
      await registry.upload(sensor === undefined ? { device } : { device, sensor }, bytes(doc()));
    }
    const expected = ['a', 'a/x', 'a/y', 'a-b/x', 'a.c', 'a0/z', 'b/x'];

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let continuation: string | undefined;
    do {
      const page = await registry.list({ limit: 3, ...(continuation && { continuation }) });
      seen.push(...page.items.map((entry) => entry.entity));
      pageSizes.push(page.items.length);
      continuation = page.continuation;
    } while (continuation !== undefined);
    expect(seen).toEqual(expected);
    expect(pageSizes).toEqual([3, 3, 1]);

    const device = await registry.list({ device: 'a', limit: 2 });
    expect(device.items.map((entry) => entry.entity)).toEqual(['a', 'a/x']);
    const rest = await registry.list({ device: 'a', continuation: device.continuation ?? '' });
    expect(rest.items.map((entry) => entry.entity)).toEqual(['a/y']);
    expect(rest.continuation).toBeUndefined();

    expect((await collect(registry.currentVersions())).map((c) => c.entity)).toEqual(expected);
    await expect(registry.list({ continuation: 'not a token!' })).rejects.toThrow(RangeError);
  });

  it('reports a corrupt version blob as NonRetryableError naming the blob', async () => {
    const { registry, blobs } = await harness();
    await blobs.put('models/dev-9/v1.json', '{"format": "fleetscore.ocsvm/v1"');
    await blobs.put('models/dev-9/v2.json', JSON.stringify({ ...doc(), dualCoef: [1] }));

    for (const version of [1, 2]) {
      const error = await registry.load({ device: 'dev-9' }, version).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonRetryableError);
      expect((error as Error).message).toContain(`models/dev-9/v${version}.json`);
    }
  });
});
