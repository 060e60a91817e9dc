import type { BaseConfig } from '../config/index.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { RecordTable } from '../ports/record-table.js';
import { azureCredential } from './credential.js';

type Storage = BaseConfig['storage'];

async function account(storage: Storage) {
  return 'connectionString' in storage
    ? { connectionString: storage.connectionString }
    : { accountUrl: storage.accountUrl, credential: await azureCredential() };
}

/**
 * The service's blob container (created when missing). The same adapter serves Azurite and
 * Azure Blob; `container` overrides the configured one (e.g. the checkpoint container).
 */
export async function openBlobStore(
  storage: Storage,
  container = storage.container,
): Promise<BlobStore> {
  const { AzureBlobStore } = await import('./azure/blob-store.js');
  return AzureBlobStore.connect({ ...(await account(storage)), container });
}

/** A table named `{tablePrefix}{name}` (created when missing); `name` is letters and digits. */
export async function openRecordTable<T extends object>(
  storage: Storage,
  name: string,
): Promise<RecordTable<T>> {
  const { AzureRecordTable } = await import('./azure/record-table.js');
  return AzureRecordTable.connect<T>({
    ...(await account(storage)),
    table: `${storage.tablePrefix}${name}`,
  });
}
