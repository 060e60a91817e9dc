import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, PreconditionFailedError } from '../errors.js';
import type { BlobItem, BlobStore } from '../ports/blob-store.js';
import { harnessPerTest } from './harness-per-test.js';

export interface BlobStoreHarness {
  store: BlobStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every BlobStore adapter must show. `factory` gives each test an empty store
 * of its own. Configure the adapter with a list page size of at most 3, so that the listing
 * test (7 matching names) spans several pages.
 */
export function describeBlobStoreConformance(
  label: string,
  factory: () => Promise<BlobStoreHarness>,
): void {
  describe(`BlobStore conformance: ${label}`, () => {
    const harness = harnessPerTest(factory);
    const store = (): BlobStore => harness().store;

    it('round-trips binary bytes with content type and metadata', async () => {
      const bytes = new Uint8Array([0, 255, 1, 128, 10, 13]);
      const { etag } = await store().put('models/m.bin', bytes, {
        contentType: 'application/x-model',
        metadata: { device: 'd1', tag: 't2' },
      });
      const got = await store().get('models/m.bin');
      expect(got).toBeDefined();
      expect([...(got?.body ?? [])]).toEqual([...bytes]);
      expect(got).toMatchObject({
        name: 'models/m.bin',
        etag,
        size: 6,
        contentType: 'application/x-model',
        metadata: { device: 'd1', tag: 't2' },
      });
      expect(got?.lastModified).toBeInstanceOf(Date);
    });

    it('stores text as UTF-8 and defaults the content type', async () => {
      await store().put('notes/ü.txt', 'héllo ✓');
      const got = await store().get('notes/ü.txt');
      expect(got?.body.toString('utf8')).toBe('héllo ✓');
      expect(got?.size).toBe(Buffer.byteLength('héllo ✓'));
      expect(got?.contentType).toBe('application/octet-stream');
      expect(got?.metadata).toEqual({});
    });

    it('writes a generated body as its chunks joined, made afresh per put, conditions included', async () => {
      let made = 0;
      const body = {
        byteLength: 22,
        *chunks() {
          made += 1;
          yield Buffer.from('TS,Device\n');
          yield new Uint8Array(0);
          yield Buffer.from('a,b\n'.repeat(3));
        },
      };
      const { etag } = await store().put('out/p.csv', body, { contentType: 'text/csv' });
      const got = await store().get('out/p.csv');
      expect(got?.body.toString('utf8')).toBe(`TS,Device\n${'a,b\n'.repeat(3)}`);
      expect(got).toMatchObject({ etag, size: 22, contentType: 'text/csv' });
      await expect(store().put('out/p.csv', body, { ifNoneMatch: '*' })).rejects.toBeInstanceOf(
        AlreadyExistsError,
      );
      expect(made).toBe(2);
    });

    it('fails a put whose generated body is not its declared length, writing nothing', async () => {
      const sized = (byteLength: number) => ({
        byteLength,
        *chunks() {
          yield Buffer.from('abcd');
        },
      });
      await expect(store().put('out/short.csv', sized(5))).rejects.toThrow(/declared/);
      await expect(store().put('out/long.csv', sized(3))).rejects.toThrow(/declared/);
      expect(await store().exists('out/short.csv')).toBe(false);
      expect(await store().exists('out/long.csv')).toBe(false);
    });

    it('streams a blob in chunks that join to its body, with its ETag; none when missing', async () => {
      const body = Buffer.alloc(3 * 1024 * 1024 + 7);
      for (let i = 0; i < body.length; i += 1) body[i] = (i * 31) % 251;
      const { etag } = await store().put('big/w.ndjson', body, { contentType: 'text/plain' });
      const got = await store().getStream('big/w.ndjson');
      expect(got).toMatchObject({ name: 'big/w.ndjson', etag, size: body.length });
      const chunks: Buffer[] = [];
      for await (const chunk of got?.body ?? []) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      expect(await store().getStream('missing')).toBeUndefined();
    });

    it('gives undefined for a blob that is not there', async () => {
      expect(await store().get('missing')).toBeUndefined();
      expect(await store().exists('missing')).toBe(false);
    });

    it('changes the ETag on overwrite and replaces body and metadata whole', async () => {
      const first = await store().put('a', 'one', { metadata: { v: '1' } });
      const second = await store().put('a', 'two');
      expect(second.etag).not.toBe(first.etag);
      const got = await store().get('a');
      expect(got?.body.toString()).toBe('two');
      expect(got?.etag).toBe(second.etag);
      expect(got?.metadata).toEqual({});
    });

    it('creates only with ifNoneMatch "*", else AlreadyExistsError', async () => {
      await store().put('once', 'first', { ifNoneMatch: '*' });
      await expect(store().put('once', 'second', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(
        AlreadyExistsError,
      );
      expect((await store().get('once'))?.body.toString()).toBe('first');
    });

    it('replaces only the version named by ifMatch, else PreconditionFailedError', async () => {
      const v1 = await store().put('doc', 'v1');
      const v2 = await store().put('doc', 'v2', { ifMatch: v1.etag });
      await expect(store().put('doc', 'stale', { ifMatch: v1.etag })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await store().get('doc')).toMatchObject({ etag: v2.etag });
      await expect(store().put('absent', 'x', { ifMatch: v1.etag })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await store().exists('absent')).toBe(false);
    });

    it('lets exactly one of several concurrent conditional creates win', async () => {
      const contenders = ['a', 'b', 'c', 'd', 'e'];
      const results = await Promise.allSettled(
        contenders.map((who) => store().put('lock', who, { ifNoneMatch: '*' })),
      );
      const winners = contenders.filter((_, i) => results[i]?.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(AlreadyExistsError);
      }
      expect((await store().get('lock'))?.body.toString()).toBe(winners[0]);
    });

    it('lists exactly the names under a prefix, in order, across pages', async () => {
      const matching = ['run/01', 'run/02', 'run/03', 'run/10', 'run/a/b', 'run/b', 'run/c'];
      const others = ['run', 'run-x/1', 'runs/1', 'other/run/1'];
      // Written out of order: the order of the listing must come from the store.
      for (const name of [...matching].reverse()) await store().put(name, name);
      for (const name of others) await store().put(name, 'x');
      const items: BlobItem[] = [];
      for await (const item of store().list('run/')) items.push(item);
      expect(items.map((item) => item.name)).toEqual(matching);
      const first = items[0];
      expect(first?.size).toBe('run/01'.length);
      expect(first?.etag).toBe((await store().get('run/01'))?.etag);
      expect(first?.lastModified).toBeInstanceOf(Date);
      const none: BlobItem[] = [];
      for await (const item of store().list('nothing/')) none.push(item);
      expect(none).toEqual([]);
    });

    it('deletes, reporting whether the blob was there', async () => {
      await store().put('gone', 'x');
      expect(await store().exists('gone')).toBe(true);
      expect(await store().delete('gone')).toBe(true);
      expect(await store().exists('gone')).toBe(false);
      expect(await store().get('gone')).toBeUndefined();
      expect(await store().delete('gone')).toBe(false);
    });

    it('deletes with ifMatch only the named version', async () => {
      const v1 = await store().put('guarded', 'v1');
      const v2 = await store().put('guarded', 'v2');
      await expect(store().delete('guarded', { ifMatch: v1.etag })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await store().exists('guarded')).toBe(true);
      expect(await store().delete('guarded', { ifMatch: v2.etag })).toBe(true);
      // Not there any more: "false", whatever the ETag.
      expect(await store().delete('guarded', { ifMatch: v2.etag })).toBe(false);
    });

    it('rejects with the AbortError of an aborted signal', async () => {
      await store().put('x', 'x');
      const signal = AbortSignal.abort();
      await expect(store().get('x', { signal })).rejects.toMatchObject({ name: 'AbortError' });
      await expect(store().put('y', 'y', { signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      expect(await store().exists('y')).toBe(false);
    });
  });
}
