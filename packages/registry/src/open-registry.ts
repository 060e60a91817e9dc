import type { BaseConfig } from '@fleetscore/shared';
import { openBlobStore, openRecordTable } from '@fleetscore/shared/adapters';
import { createModelRegistry } from './create-registry.js';
import type { ModelRegistry } from './registry.js';

/**
 * The registry on the configured storage account: the deployment's container and the
 * `{tablePrefix}models` table (both created when missing).
 */
export async function openModelRegistry(storage: BaseConfig['storage']): Promise<ModelRegistry> {
  const [blobs, table] = await Promise.all([
    openBlobStore(storage),
    openRecordTable<object>(storage, 'models'),
  ]);
  return createModelRegistry({ blobs, table });
}
