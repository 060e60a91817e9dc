import { describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../errors.js';
import { fnv1a32, shardOf } from './shard.js';

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(fnv1a32('é')).toBe(0x1e9de8c1);
  });
});

describe('shardOf', () => {
  // Pinned: these values are the blob layout. If this test fails, existing blobs are orphaned.
  it('puts fixed devices in fixed shards', () => {
    expect(['1', '2', '3', 'device-42'].map((d) => shardOf(d, 16))).toEqual([12, 5, 2, 8]);
    expect(['1', '2', '3', 'device-42'].map((d) => shardOf(d, 3))).toEqual([1, 1, 2, 0]);
    expect(shardOf('anything', 1)).toBe(0);
  });

  it('refuses a shard count that is not a positive integer', () => {
    for (const shards of [0, -1, 1.5, Number.NaN]) {
      let error: unknown;
      try {
        shardOf('1', shards);
      } catch (caught) {
        error = caught;
      }
      expect(isFleetscoreError(error, 'CONFIG_INVALID')).toBe(true);
    }
  });
});
