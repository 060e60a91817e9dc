// Integration-test set-up for the registry: registries on a unique Azurite container and table,
// deleted when the test that made them finishes, and the model documents the tests upload.
import type { BlobStore, RecordTable } from '@fleetscore/shared';
import {
  AzureBlobStore,
  AzureRecordTable,
  createContainerClient,
  createTableClient,
} from '@fleetscore/shared/azure';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import type { ModelDocument } from '@fleetscore/svm';
import { onTestFinished } from 'vitest';
import { createModelRegistry } from './create-registry.js';
import type { ModelRegistry } from './registry.js';

export const { storageConnectionString: connectionString } = testStack();
/** The reference models (sklearn pickles) of the shared test data. */
export const referenceModels = new URL('../../../../shared/reference/models/', import.meta.url);
/** Pickles the sklearn importer refuses (packages/svm's fixtures). */
export const refused = new URL('../../svm/fixtures/sklearn/refused/', import.meta.url);

/** A small valid v1 document; `intercept` tells versions apart. */
export function doc(intercept = -0.5, features = ['Value']): ModelDocument {
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

export const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Deletes the container and tables when the running test finishes, however it ends. */
export function deleteAfterTest(container: string, tables: readonly string[]): void {
  onTestFinished(async () => {
    await Promise.all([
      createContainerClient({ connectionString, container }).deleteIfExists(),
      ...tables.map((table) => createTableClient({ connectionString, table }).deleteTable()),
    ]);
  });
}

export interface Harness {
  registry: ModelRegistry;
  blobs: BlobStore;
  table: RecordTable<object>;
  /** A second registry on the same storage (another process). */
  other: ModelRegistry;
}

export async function harness(): Promise<Harness> {
  const container = uniqueName('models');
  const tableName = uniqueName('models');
  const blobs = await AzureBlobStore.connect({ connectionString, container });
  const table = await AzureRecordTable.connect<object>({ connectionString, table: tableName });
  deleteAfterTest(container, [tableName]);
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
