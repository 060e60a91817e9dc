import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of an API key, lower-case hex: what `FLEETSCORE_API_KEYS` holds. */
export const hashApiKey = (key: string): string =>
  createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Checks a presented key against the configured hashes. The key is hashed first, so every
 * comparison is between two 32-byte digests (timingSafeEqual needs equal lengths, and the
 * key's own length never shows); every hash is compared, without stopping at a match, so the
 * time taken does not tell which hash matched. Returns the matching hash, or undefined.
 */
export function matchApiKey(key: string, hashes: readonly string[]): string | undefined {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  let match: string | undefined;
  for (const hash of hashes) {
    const expected = Buffer.from(hash, 'hex');
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) {
      match ??= hash;
    }
  }
  return match;
}
