import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashApiKey, matchApiKey } from './auth-api-key.js';

// Counted, not timed: the comparison is constant-time when every configured hash goes through
// timingSafeEqual, whichever (if any) matches, on digests of equal length.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});
const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);
afterEach(() => timingSafeEqual.mockClear());

const KEYS = ['first-key', 'second-key', 'third-key', 'fourth-key'];
const HASHES = KEYS.map(hashApiKey);

describe('matchApiKey', () => {
  it('compares every configured hash, whether the key matches the first, the last or none', () => {
    for (const [key, expected] of [
      [KEYS[0], HASHES[0]],
      [KEYS[3], HASHES[3]],
      ['not-a-key', undefined],
      ['', undefined],
      ['x'.repeat(10_000), undefined],
    ] as const) {
      timingSafeEqual.mockClear();
      expect(matchApiKey(key ?? '', HASHES)).toBe(expected);
      expect(timingSafeEqual, `key ${key?.slice(0, 12)}`).toHaveBeenCalledTimes(HASHES.length);
      // Both sides are 32-byte digests: the presented key's length never shapes the work.
      for (const [a, b] of timingSafeEqual.mock.calls) {
        expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
      }
    }
  });

  it('matches upper- and lower-case hex the same way, and nothing with no hashes', () => {
    expect(matchApiKey(KEYS[1]!, [HASHES[1]!.toUpperCase()])).toBe(HASHES[1]!.toUpperCase());
    expect(matchApiKey(KEYS[1]!, [])).toBeUndefined();
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });
});
