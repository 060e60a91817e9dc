import { describe, expect, it } from 'vitest';
import { RecentBatches } from './recent-batches.js';

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
});
