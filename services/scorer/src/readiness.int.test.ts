import { queueCheck } from '@fleetscore/shared/adapters';
import {
  AzureBlobStore,
  createContainerClient,
  ServiceBusJobQueue,
} from '@fleetscore/shared/azure';
import { buildHealthApp } from '@fleetscore/shared/http';
import { FakeServiceBusNamespace, testStack, uniqueName } from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { readinessChecks } from './readiness.js';

const { storageConnectionString: connectionString } = testStack();

describe('scorer readiness with Service Bus Sender + Receiver (no Manage right)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function scorerIdentity() {
    const namespace = new FakeServiceBusNamespace();
    namespace.createQueue('scoring');
    const rights = ['send', 'listen'] as const;
    // Even handed an administration client, the scorer's readiness must not use it: the
    // identity's is refused every management call, as Azure refuses Sender + Receiver.
    const queue = new ServiceBusJobQueue<unknown>({
      client: namespace.client({ rights }),
      queueName: 'scoring',
      administration: namespace.administration({ rights }),
      ownsClient: true,
    });
    const container = uniqueName('ready');
    const blobs = await AzureBlobStore.connect({ connectionString, container });
    cleanups.push(() => createContainerClient({ connectionString, container }).deleteIfExists());
    cleanups.push(() => queue.close());
    return { namespace, queue, blobs };
  }

  it('is ready, and never calls the management API', async () => {
    const { namespace, queue, blobs } = await scorerIdentity();
    await queue.enqueue({ id: 'job-1', payload: {} });
    const app = buildHealthApp(readinessChecks({ queue, blobs }));
    cleanups.push(() => app.close());
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ok: true, checks: { queue: { ok: true } } });
    expect(namespace.managementCalls).toBe(0);
  });

  it('would not be ready with the depth check it used before (the fake refuses Manage)', async () => {
    const { namespace, queue, blobs } = await scorerIdentity();
    const app = buildHealthApp([queueCheck(queue), ...readinessChecks({ queue, blobs }).slice(1)]);
    cleanups.push(() => app.close());
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ checks: { queue: { ok: false } } });
    expect(namespace.managementCalls).toBe(1);
  });
});
