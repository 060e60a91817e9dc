import { describe, expect, it } from 'vitest';
import { ColumnCache } from './column-cache.js';

/** Fills rows [start, len) of column i with 100·i + row, as a Q column would be filled. */
function get(cache: ColumnCache, i: number, len: number): number {
  const start = cache.getData(i, len);
  const data = cache.column(i);
  for (let r = start; r < len; r++) data[r] = 100 * i + r;
  return start;
}

describe('ColumnCache (libsvm Cache)', () => {
  const l = 4;
  const twoColumns = 4 * 2 * l + l * 32; // bytes: two full columns plus libsvm's list heads

  it('returns where to start filling: 0 when new, len when cached, the old length when longer', () => {
    const cache = new ColumnCache(l, twoColumns);
    expect(get(cache, 1, 2)).toBe(0);
    expect(get(cache, 1, 2)).toBe(2);
    expect(get(cache, 1, 4)).toBe(2);
    expect(Array.from(cache.column(1))).toEqual([100, 101, 102, 103]);
    expect(get(cache, 1, 3)).toBe(3); // a shorter request is served from the cache
  });

  it('evicts the least recently used column when the budget runs out', () => {
    const cache = new ColumnCache(l, twoColumns);
    get(cache, 0, 4);
    get(cache, 1, 4);
    get(cache, 0, 4); // 0 is now the most recent
    expect(get(cache, 2, 4)).toBe(0); // evicts 1
    expect(get(cache, 0, 4)).toBe(4);
    expect(get(cache, 1, 4)).toBe(0);
  });

  it('swaps rows inside cached columns and the columns themselves', () => {
    const cache = new ColumnCache(l, 1 << 20);
    get(cache, 0, 4);
    get(cache, 3, 4);
    cache.swapIndex(0, 3);
    expect(Array.from(cache.column(3))).toEqual([3, 1, 2, 0]); // was column 0
    expect(Array.from(cache.column(0))).toEqual([303, 301, 302, 300]);
  });

  it('drops a column that holds the lower swapped row but not the higher ("give up")', () => {
    const cache = new ColumnCache(l, 1 << 20);
    get(cache, 2, 2); // rows 0–1 only
    get(cache, 1, 4);
    cache.swapIndex(1, 3);
    expect(get(cache, 2, 2)).toBe(0); // dropped: must be recomputed
    expect(get(cache, 3, 4)).toBe(4); // column 1's data, now at 3, kept
    expect(Array.from(cache.column(3))).toEqual([100, 103, 102, 101]);
  });
});
