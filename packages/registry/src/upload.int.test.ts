// Uploads on Azurite: a document or a pickle stored as a v1 document, and what is refused
// (hostile or invalid files, invalid entity ids) with nothing stored.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AzureBlobStore } from '@fleetscore/shared/azure';
import { uniqueName } from '@fleetscore/shared/testing';
import { decisionFunction, importSklearnModel, parseModel } from '@fleetscore/svm';
import { describe, expect, it } from 'vitest';
import { InvalidModelError } from './errors.js';
import { openModelRegistry } from './open-registry.js';
import {
  bytes,
  collect,
  connectionString,
  deleteAfterTest,
  doc,
  harness,
  referenceModels,
  refused,
} from './registry.test-helper.js';

describe('ModelRegistry on Azurite: uploads', () => {
  it('opens on the configured storage, uploads a v1 document as version 1, current, and loads it', async () => {
    const container = uniqueName('models');
    const tablePrefix = uniqueName('t');
    deleteAfterTest(container, [`${tablePrefix}models`]);
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
});
