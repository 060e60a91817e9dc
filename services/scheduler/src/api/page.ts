import { decodePageToken, encodePageToken } from '@fleetscore/shared';
import type { Page } from '@fleetscore/shared/ledger';
import { z } from 'zod';

const offsetToken = z.object({ o: z.number().int().nonnegative() });

/**
 * A page of a list the backend returns whole (the jobs of a run): the token is the offset of
 * the next item. (Dead letters are paged by the queue itself, by position.)
 */
export function pageByOffset<T>(items: readonly T[], limit: number, token?: string): Page<T> {
  const start = token === undefined ? 0 : decodePageToken(offsetToken, token).o;
  const end = start + limit;
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, continuation: encodePageToken({ o: end }) }
    : { items: page };
}
