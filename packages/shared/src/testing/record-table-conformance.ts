import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  NonRetryableError,
  NotFoundError,
  PreconditionFailedError,
} from '../errors.js';
import type { ListOptions, RecordTable, StoredRecord } from '../ports/record-table.js';
import { harnessPerTest } from './harness-per-test.js';

/** The value type the suite stores. */
export interface ConformanceRecord {
  n: number;
  tags: string[];
  note?: string | null;
}

export interface RecordTableHarness {
  table: RecordTable<ConformanceRecord>;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every RecordTable adapter must show. `factory` gives each test an empty table
 * of its own. Configure the adapter with a list page size of at most 3, so that the listing
 * tests span several pages.
 */
export function describeRecordTableConformance(
  label: string,
  factory: () => Promise<RecordTableHarness>,
): void {
  describe(`RecordTable conformance: ${label}`, () => {
    const harness = harnessPerTest(factory);
    const table = (): RecordTable<ConformanceRecord> => harness().table;
    const list = async (pk: string, options?: ListOptions) => {
      const records: StoredRecord<ConformanceRecord>[] = [];
      for await (const record of table().list(pk, options)) records.push(record);
      return records;
    };

    it('inserts and gets a value whole, with its ETag', async () => {
      const value = { n: 1.5, tags: ['a', 'ü'], note: null };
      const { etag } = await table().insert('p', 'r', value);
      expect(await table().get('p', 'r')).toEqual({ partitionKey: 'p', rowKey: 'r', etag, value });
      expect(await table().get('p', 'other')).toBeUndefined();
      expect(await table().get('other', 'r')).toBeUndefined();
    });

    it('lets one of two concurrent inserts of a key win; the other gets AlreadyExistsError', async () => {
      const results = await Promise.allSettled([
        table().insert('p', 'race', { n: 1, tags: [] }),
        table().insert('p', 'race', { n: 2, tags: [] }),
      ]);
      const won = results.findIndex((result) => result.status === 'fulfilled');
      const lost = results.find((result) => result.status === 'rejected');
      expect(won).not.toBe(-1);
      expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(AlreadyExistsError);
      expect((await table().get('p', 'race'))?.value.n).toBe(won + 1);
    });

    it('upserts without ifMatch: creates, then replaces whole with a new ETag', async () => {
      const created = await table().upsert('p', 'u', { n: 1, tags: ['x'], note: 'first' });
      const replaced = await table().upsert('p', 'u', { n: 2, tags: [] });
      expect(replaced.etag).not.toBe(created.etag);
      expect(await table().get('p', 'u')).toMatchObject({
        etag: replaced.etag,
        value: { n: 2, tags: [] },
      });
      expect((await table().get('p', 'u'))?.value).not.toHaveProperty('note');
    });

    it('upserts with ifMatch only the named version (optimistic concurrency)', async () => {
      const v1 = await table().insert('p', 'occ', { n: 1, tags: [] });
      const v2 = await table().upsert('p', 'occ', { n: 2, tags: [] }, { ifMatch: v1.etag });
      await expect(
        table().upsert('p', 'occ', { n: 3, tags: [] }, { ifMatch: v1.etag }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await table().get('p', 'occ')).toMatchObject({ etag: v2.etag, value: { n: 2 } });
      await table().delete('p', 'occ');
      await expect(
        table().upsert('p', 'occ', { n: 4, tags: [] }, { ifMatch: v2.etag }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await table().get('p', 'occ')).toBeUndefined();
    });

    it('deletes, reporting whether the record was there, guarded by ifMatch', async () => {
      const v1 = await table().insert('p', 'd', { n: 1, tags: [] });
      const v2 = await table().upsert('p', 'd', { n: 2, tags: [] });
      await expect(table().delete('p', 'd', { ifMatch: v1.etag })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(await table().delete('p', 'd', { ifMatch: v2.etag })).toBe(true);
      expect(await table().get('p', 'd')).toBeUndefined();
      expect(await table().delete('p', 'd')).toBe(false);
      expect(await table().delete('p', 'd', { ifMatch: v2.etag })).toBe(false);
    });

    it('lists one partition in rowKey order, across pages', async () => {
      const rowKeys = ['a', 'b', 'b0', 'c', 'd', 'e', 'f'];
      for (const rk of [...rowKeys].reverse()) await table().insert('p', rk, { n: 0, tags: [rk] });
      await table().insert('p2', 'a', { n: 0, tags: [] });
      await table().insert('o', 'a', { n: 0, tags: [] });
      const records = await list('p');
      expect(records.map((record) => record.rowKey)).toEqual(rowKeys);
      expect(records.every((record) => record.partitionKey === 'p')).toBe(true);
      expect(records.map((record) => record.value.tags[0])).toEqual(rowKeys);
      const b = await table().get('p', 'b');
      expect(records[1]?.etag).toBe(b?.etag);
      expect(await list('nobody')).toEqual([]);
    });

    it('lists within [rowKeyFrom, rowKeyTo) and stops at the limit', async () => {
      for (const rk of ['a', 'b', 'b0', 'c', 'd', 'e', 'f']) {
        await table().insert('p', rk, { n: 0, tags: [] });
      }
      const keys = async (options: ListOptions) => (await list('p', options)).map((r) => r.rowKey);
      expect(await keys({ rowKeyFrom: 'b', rowKeyTo: 'e' })).toEqual(['b', 'b0', 'c', 'd']);
      expect(await keys({ rowKeyFrom: 'c' })).toEqual(['c', 'd', 'e', 'f']);
      expect(await keys({ rowKeyTo: 'b0' })).toEqual(['a', 'b']);
      expect(await keys({ limit: 5 })).toEqual(['a', 'b', 'b0', 'c', 'd']);
      expect(await keys({ rowKeyFrom: 'b', limit: 2 })).toEqual(['b', 'b0']);
      expect(await keys({ limit: 0 })).toEqual([]);
      expect(await keys({ rowKeyFrom: 'x' })).toEqual([]);
    });

    it('handles keys with quotes, spaces and non-ASCII characters', async () => {
      const pk = "o'brien's fleet";
      const rowKeys = ["it''s", "it's", "it's ü (100 pct)"];
      for (const rk of rowKeys) await table().insert(pk, rk, { n: rk.length, tags: [rk] });
      expect((await table().get(pk, "it's"))?.value.tags).toEqual(["it's"]);
      expect((await list(pk)).map((record) => record.rowKey)).toEqual(rowKeys);
      expect((await list(pk, { rowKeyFrom: "it's", rowKeyTo: "it't" })).length).toBe(2);
      const current = await table().get(pk, "it''s");
      await table().upsert(pk, "it''s", { n: 0, tags: [] }, { ifMatch: current?.etag ?? '' });
      expect(await table().delete(pk, "it's")).toBe(true);
      expect((await list(pk)).map((record) => record.rowKey)).toEqual([
        "it''s",
        "it's ü (100 pct)",
      ]);
    });

    it('refuses keys Table Storage forbids (and %), and oversized values, with NonRetryableError', async () => {
      for (const bad of ['a/b', 'a\\b', 'a#b', 'a?b', 'a%b', 'a\tb', 'a\u0085b', 'k'.repeat(513)]) {
        await expect(table().insert('p', bad, { n: 0, tags: [] })).rejects.toBeInstanceOf(
          NonRetryableError,
        );
        await expect(table().get(bad, 'r')).rejects.toBeInstanceOf(NonRetryableError);
      }
      await table().insert('p', 'k'.repeat(512), { n: 0, tags: [] });
      const big = { n: 0, tags: ['x'.repeat(40_000)] };
      await expect(table().upsert('p', 'big', big)).rejects.toBeInstanceOf(NonRetryableError);
      expect(await table().get('p', 'big')).toBeUndefined();
    });
  });
}
