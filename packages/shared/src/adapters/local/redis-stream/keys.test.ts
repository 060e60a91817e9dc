import { describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../../../errors.js';
import { assertKeyPart, partitionOf, streamKeys } from './keys.js';
import { fairShare } from './partition-lease.js';

describe('partitionOf', () => {
  it('is 32-bit FNV-1a of the UTF-8 bytes, modulo the partition count', () => {
    // Reference values of FNV-1a 32: "a" = 0xe40c292c, "foobar" = 0xbf9cf968.
    expect(partitionOf('a', 2 ** 32 - 1)).toBe(0xe40c292c);
    expect(partitionOf('foobar', 1_000)).toBe(0xbf9cf968 % 1_000);
    expect(partitionOf('é', 7)).toBe(partitionOf('\u00e9', 7));
    expect(partitionOf('', 4)).toBe(0x811c9dc5 % 4);
  });
});

describe('streamKeys', () => {
  it('puts every key of a stream under one prefix', () => {
    const keys = streamKeys('readings');
    expect([
      keys.stream('2'),
      keys.sequence('2'),
      keys.lease('agg', '2'),
      keys.members('agg'),
    ]).toEqual([
      'fs:stream:readings:2',
      'fs:stream:readings:2:seq',
      'fs:stream:readings:2:lease:agg',
      'fs:stream:readings:members:agg',
    ]);
  });

  it('refuses names that could break the key layout', () => {
    for (const bad of ['', 'a:b', 'a b', 'x'.repeat(101)]) {
      expect(() => assertKeyPart('name', bad)).toThrow();
    }
    const thrown = (() => {
      try {
        assertKeyPart('name', 'a*');
      } catch (error) {
        return error;
      }
    })();
    expect(isFleetscoreError(thrown, 'CONFIG_INVALID')).toBe(true);
  });
});

describe('fairShare', () => {
  it('splits partitions so that the quotas add up to the partition count', () => {
    const members = ['c', 'a', 'b'];
    const quotas = members.map((m) => fairShare(m, members, 4).quota);
    expect(quotas).toEqual([1, 2, 1]);
    expect(fairShare('a', ['a', 'b'], 4).quota).toBe(2);
  });

  it('counts the asking member even before its heartbeat is visible', () => {
    expect(fairShare('z', ['a'], 4)).toEqual({ quota: 2, rank: 1, of: 2 });
  });
});
