import { ContainerClient } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { NonRetryableError, NotFoundError, UnavailableError } from '../../errors.js';
import { describeBlobStoreConformance } from '../../testing/blob-store-conformance.js';
import { testStack, uniqueName } from '../../testing/stack-env.js';
import {
  devStorageConnectionString,
  refusedUrl,
  startStubEndpoint,
} from '../../testing/storage-endpoints.js';
import { AzureBlobStore } from './blob-store.js';

const { storageConnectionString: connectionString } = testStack();

describeBlobStoreConformance('AzureBlobStore on Azurite', async () => {
  const container = uniqueName('blobs');
  // A page size of 3 makes the listing test span three pages.
  const store = await AzureBlobStore.connect({ connectionString, container, listPageSize: 3 });
  return {
    store,
    cleanup: async () => {
      await new ContainerClient(connectionString, container).deleteIfExists();
    },
  };
});

describe('AzureBlobStore on Azurite: failures', () => {
  // Small retry bounds, so each outage is reported within well under a second.
  const fast = { maxTries: 3, retryDelayMs: 10, maxRetryDelayMs: 20 };

  async function drain(iterable: AsyncIterable<unknown>): Promise<void> {
    for await (const _ of iterable);
  }

  it('reports a refused connection as UnavailableError, quickly', async () => {
    const connectionString = devStorageConnectionString(await refusedUrl());
    const started = performance.now();
    await expect(
      AzureBlobStore.connect({ connectionString, container: 'outage', ...fast }),
    ).rejects.toBeInstanceOf(UnavailableError);
    const store = await AzureBlobStore.connect({
      connectionString,
      container: 'outage',
      createIfMissing: false,
      ...fast,
    });
    await expect(store.put('a', 'x')).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.get('a')).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.exists('a')).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.delete('a')).rejects.toBeInstanceOf(UnavailableError);
    await expect(drain(store.list(''))).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('retries a 503 maxTries times, then reports UnavailableError', async () => {
    const stub = await startStubEndpoint(503);
    try {
      const store = await AzureBlobStore.connect({
        connectionString: devStorageConnectionString(stub.url),
        container: 'busy',
        createIfMissing: false,
        ...fast,
      });
      await expect(store.get('a')).rejects.toBeInstanceOf(UnavailableError);
      expect(stub.requests).toBe(fast.maxTries);
    } finally {
      await stub.close();
    }
  });

  it('gives up on a server that never answers after operationTimeoutMs', async () => {
    const stub = await startStubEndpoint('hang');
    try {
      const store = await AzureBlobStore.connect({
        connectionString: devStorageConnectionString(stub.url),
        container: 'hung',
        createIfMissing: false,
        operationTimeoutMs: 300,
        ...fast,
      });
      const started = performance.now();
      await expect(store.put('a', 'x')).rejects.toBeInstanceOf(UnavailableError);
      expect(performance.now() - started).toBeLessThan(3_000);
      // A caller's own abort stays an AbortError, not an outage.
      const caller = new AbortController();
      const pending = store.get('a', { signal: caller.signal });
      caller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await stub.close();
    }
  });

  it('reports a missing container as NotFoundError', async () => {
    const store = await AzureBlobStore.connect({
      connectionString,
      container: uniqueName('absent'),
      createIfMissing: false,
    });
    await expect(store.put('a', 'x')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.get('a')).rejects.toBeInstanceOf(NotFoundError);
    await expect(drain(store.list(''))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.exists('a')).toBe(false);
  });

  it('reports a request the service refuses as malformed as NonRetryableError', async () => {
    const container = uniqueName('badmeta');
    const store = await AzureBlobStore.connect({ connectionString, container });
    try {
      await expect(
        store.put('a', 'x', { metadata: { 'not-an-identifier': 'x' } }),
      ).rejects.toBeInstanceOf(NonRetryableError);
    } finally {
      await new ContainerClient(connectionString, container).deleteIfExists();
    }
  });
});
