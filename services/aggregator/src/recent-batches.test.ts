import { describe, expect, it } from 'vitest';
import { PERSISTED_BATCHES, RecentBatches } from './recent-batches.js';
import { partitionStateSchema } from './state-store.js';

describe('RecentBatches', () => {
  it('flags an id seen at another position, not a redelivery of the same position', () => {
    const recent = new RecentBatches(10);
    expect(recent.isDuplicate('a', 1)).toBe(false);
    expect(recent.isDuplicate('a', 1)).toBe(false); // the stream redelivered entry 1
    expect(recent.isDuplicate('a', 4)).toBe(true); // a retried publish: another entry
    expect(recent.isDuplicate('a', 1)).toBe(false); // entry 1 again after a reset
    expect(recent.size).toBe(1);
  });

  it('forgets the oldest-inserted id first, keeping at most capacity ids', () => {
    const recent = new RecentBatches(2);
    recent.isDuplicate('a', 1);
    recent.isDuplicate('b', 2);
    expect(recent.isDuplicate('a', 3)).toBe(true); // a hit does not refresh its age
    recent.isDuplicate('c', 4); // evicts a
    expect(recent.size).toBe(2);
    expect(recent.isDuplicate('b', 5)).toBe(true);
    expect(recent.isDuplicate('c', 6)).toBe(true);
    expect(recent.isDuplicate('a', 7)).toBe(false); // forgotten: recorded again, evicts b
    expect(recent.isDuplicate('b', 8)).toBe(false);
  });

  it('with capacity 0 remembers nothing', () => {
    const recent = new RecentBatches(0);
    expect(recent.isDuplicate('a', 1)).toBe(false);
    expect(recent.isDuplicate('a', 2)).toBe(false);
    expect(recent.size).toBe(0);
  });

  it('rejects a negative or fractional capacity', () => {
    expect(() => new RecentBatches(-1)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => new RecentBatches(1.5)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('persists the newest ids, bounded, oldest first, and a new owner starts from them', () => {
    const recent = new RecentBatches(5);
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) recent.isDuplicate(id, i);
    expect(recent.entries()).toEqual([
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
      ['f', 5],
    ]);
    expect(recent.entries(2)).toEqual([
      ['e', 4],
      ['f', 5],
    ]);

    const successor = new RecentBatches(3); // a smaller memory keeps the newest
    successor.restore(recent.entries());
    expect(successor.entries()).toEqual([
      ['d', 3],
      ['e', 4],
      ['f', 5],
    ]);
    expect(successor.isDuplicate('f', 9)).toBe(true); // re-published after the restart
    expect(successor.isDuplicate('f', 5)).toBe(false); // the original, redelivered
    expect(successor.isDuplicate('c', 10)).toBe(false); // beyond the bound
  });

  it('restores into an empty memory only, and not at all with capacity 0', () => {
    const own = new RecentBatches(10);
    own.isDuplicate('x', 7);
    own.restore([['y', 1]]);
    expect(own.entries()).toEqual([['x', 7]]);
    const off = new RecentBatches(0);
    off.restore([['y', 1]]);
    expect(off.entries()).toEqual([]);
    expect(off.isDuplicate('y', 2)).toBe(false);
  });

  it('persists at most PERSISTED_BATCHES ids, and reads state blobs written before batches', () => {
    const recent = new RecentBatches(PERSISTED_BATCHES + 10);
    for (let i = 0; i < PERSISTED_BATCHES + 10; i += 1) recent.isDuplicate(`id-${i}`, i);
    const entries = recent.entries();
    expect(entries).toHaveLength(PERSISTED_BATCHES);
    expect(entries[0]).toEqual(['id-10', 10]);
    const old = partitionStateSchema.parse({ seq: 3, lastSeq: 4, floorMs: null });
    expect(old.batches).toEqual([]);
  });
});
