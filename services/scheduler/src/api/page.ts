import type { Page } from '@fleetscore/shared';
import { z } from 'zod';
import { decodeToken, encodeToken } from './continuation.js';

const offsetToken = z.object({ o: z.number().int().nonnegative() });

/**
 * A page of a list the backend returns whole (the jobs of a run, the dead letters): the token
 * is the offset of the next item. Items added in front between two requests shift it — the
 * dead-letter list is newest first, so a client may see an item twice, never miss one that
 * was there when it started.
 */
export function pageByOffset<T>(items: readonly T[], limit: number, token?: string): Page<T> {
  const start = token === undefined ? 0 : decodeToken(offsetToken, token).o;
  const end = start + limit;
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, continuation: encodeToken({ o: end }) }
    : { items: page };
}

/** The offset a page starting at `token` needs the list to reach (for backends with a limit). */
export function offsetEnd(limit: number, token?: string): number {
  return (token === undefined ? 0 : decodeToken(offsetToken, token).o) + limit;
}
