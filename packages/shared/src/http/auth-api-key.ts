import { createHash, timingSafeEqual } from 'node:crypto';
import { isRole, ROLES, type Role } from '../contracts/roles.js';

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

/** An accepted API key: its SHA-256 (lower-case hex) and the roles it carries. */
export interface ApiKeyGrant {
  hash: string;
  roles: readonly Role[];
}

/**
 * One entry of `FLEETSCORE_API_KEYS`: `<sha256>` — every role, as before roles existed, so
 * existing set-ups keep working — or `<sha256>:<role>+<role>…` (roles without spaces, as
 * Entra app-role values). Undefined when the entry is not of that form or names an unknown role.
 */
export function parseApiKeyEntry(entry: string): ApiKeyGrant | undefined {
  const match = /^([0-9a-fA-F]{64})(?::([^:]+))?$/.exec(entry.trim());
  if (!match?.[1]) return undefined;
  const hash = match[1].toLowerCase();
  if (match[2] === undefined) return { hash, roles: [...ROLES] };
  const names = match[2].split('+').map((name) => name.trim());
  if (names.length === 0 || !names.every(isRole)) return undefined;
  return { hash, roles: ROLES.filter((role) => names.includes(role)) };
}
