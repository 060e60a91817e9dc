import { type BlobStore, planBlobName } from '@fleetscore/shared';
import { AzureBlobStore } from '@fleetscore/shared/azure';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.js';
import { keepPlan, readPlan } from './plan-store.js';

const RUN = 'api-20261125T1000Z-abc123';

const plan = (entity: string): Plan => ({
  runId: RUN,
  kind: 'score',
  shards: 1,
  jobSize: 10,
  jobs: [{ index: 0, shard: 0, entities: [{ entity, version: 1 }], reportUnmodelled: false }],
  noModel: [],
});

/** A scheduler replica's view of the container: its own store, its requests counted. */
async function replica(container: string) {
  const { storageConnectionString: connectionString } = testStack();
  const store = await AzureBlobStore.connect({ connectionString, container });
  const requests: string[] = [];
  const counted: BlobStore = {
    put: (name, body, options) => {
      requests.push(`put ${name}`);
      return store.put(name, body, options);
    },
    get: (name, options) => {
      requests.push(`get ${name}`);
      return store.get(name, options);
    },
    getStream: (name, options) => store.getStream(name, options),
    list: (prefix, options) => store.list(prefix, options),
    delete: (name, options) => store.delete(name, options),
    exists: (name, options) => store.exists(name, options),
  };
  return { blobs: counted, requests };
}

describe('plan store', () => {
  it('keeps a plan with one put; the replica that kept it reads it without a request', async () => {
    const container = uniqueName('plans');
    const a = await replica(container);
    const kept = await keepPlan(a.blobs, RUN, async () => plan('d1/s1'));
    expect(await readPlan(a.blobs, RUN)).toEqual(kept);
    expect(await keepPlan(a.blobs, RUN, async () => plan('d9/s9'))).toEqual(kept);
    expect(a.requests).toEqual([`put ${planBlobName(RUN)}`]);

    const b = await replica(container);
    expect(await readPlan(b.blobs, RUN)).toEqual(kept);
    expect(await readPlan(b.blobs, RUN)).toEqual(kept);
    expect(b.requests).toEqual([`get ${planBlobName(RUN)}`]);
  });

  it('gives a planner that lost the race (or resumed) the plan kept first, not its own', async () => {
    const container = uniqueName('plans');
    const first = await replica(container);
    const second = await replica(container);
    const kept = await keepPlan(first.blobs, RUN, async () => plan('d1/s1'));
    let made = 0;
    const resumed = await keepPlan(second.blobs, RUN, async () => {
      made += 1;
      return plan('d2/s2');
    });
    expect(made).toBe(1);
    expect(resumed).toEqual(kept);
    expect(await readPlan(second.blobs, RUN)).toEqual(kept);
    expect(second.requests).toEqual([`put ${planBlobName(RUN)}`, `get ${planBlobName(RUN)}`]);
  });

  it('reports no plan for a run that has none', async () => {
    const { blobs } = await replica(uniqueName('plans'));
    expect(await readPlan(blobs, RUN)).toBeUndefined();
  });
});
