// Reading the registry on Azurite: entries listed in order and paged, and a stored version
// that cannot be read reported as such.
import { NonRetryableError } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { bytes, collect, doc, harness } from './registry.test-helper.js';

describe('ModelRegistry on Azurite: listing and loading', () => {
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
