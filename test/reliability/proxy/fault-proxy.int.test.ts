/**
 * The fault proxy in front of the shared Azurite, driven through the real blob adapter: what a
 * service sees when its storage is slow, down, and back.
 */
import { isFleetscoreError } from '@fleetscore/shared';
import { AzureBlobStore, createContainerClient } from '@fleetscore/shared/azure';
import {
  type FaultProxy,
  startFaultProxy,
  testStack,
  uniqueName,
} from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobThroughProxy, stackTargets } from './proxied-storage.js';

const container = uniqueName('proxy');
let proxy: FaultProxy;
let store: AzureBlobStore;

beforeAll(async () => {
  proxy = await startFaultProxy({ target: stackTargets().blob });
  // Few, short retries: a refused endpoint is reported within a second.
  store = await AzureBlobStore.connect({
    connectionString: blobThroughProxy(proxy),
    container,
    maxTries: 2,
    retryDelayMs: 10,
    maxRetryDelayMs: 20,
  });
});

afterAll(async () => {
  await proxy?.close();
  const { storageConnectionString: connectionString } = testStack();
  await createContainerClient({ connectionString, container }).deleteIfExists();
});

describe('fault proxy in front of Azurite', () => {
  it('passes blob requests through unchanged', async () => {
    await store.put('a.txt', 'through the proxy');
    expect((await store.get('a.txt'))?.body.toString()).toBe('through the proxy');
    expect(proxy.stats().accepted).toBeGreaterThan(0);
  });

  it('slows every request by the latency it adds, both ways', async () => {
    proxy.latency({ fixedMs: 250, jitterMs: 50 });
    const started = performance.now();
    expect((await store.get('a.txt'))?.body.toString()).toBe('through the proxy');
    expect(performance.now() - started).toBeGreaterThanOrEqual(500 - 5);
    proxy.passThrough();
  });

  it('makes requests fail as unavailable while refusing, and recovers on resume', async () => {
    proxy.refuse();
    const failure = await store.get('a.txt').catch((error: unknown) => error);
    expect(isFleetscoreError(failure, 'UNAVAILABLE')).toBe(true);
    expect(proxy.stats().refused).toBeGreaterThan(0);
    proxy.resume();
    expect((await store.get('a.txt'))?.body.toString()).toBe('through the proxy');
  });

  it('holds a request until resumed, then it completes', async () => {
    proxy.hold();
    const pending = store.get('a.txt');
    const deadline = Date.now() + 10_000;
    while (proxy.stats().queuedBytes === 0) {
      if (Date.now() > deadline) throw new Error('the request never reached the proxy');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    proxy.resume();
    expect((await pending)?.body.toString()).toBe('through the proxy');
  });
});
