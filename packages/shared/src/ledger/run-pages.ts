import { z } from 'zod';
import { NonRetryableError } from '../errors.js';
import type { RunQuery } from './ledger.js';

/**
 * Paging runs newest first over day partitions. A page's position is the day being read and
 * the last run returned from it (window start, then id, both descending); the token is that
 * position as base64url JSON, opaque to callers.
 */

export const DEFAULT_RUN_PAGE = 50;
export const MAX_RUN_PAGE = 500;
/**
 * Day partitions read per call at most: a page over a long, mostly empty range comes back
 * short (even empty) but with a continuation, instead of one call making thousands of queries.
 */
export const MAX_DAYS_PER_PAGE = 62;

const cursorSchema = z.object({
  day: z.string().regex(/^\d{8}$/),
  /** The last run returned from `day`: its window start (ms) and id. Absent: start of `day`. */
  after: z.object({ from: z.number(), id: z.string() }).optional(),
});
export type RunCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(token: string): RunCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch (error) {
    throw new NonRetryableError('not a valid continuation token', { cause: error });
  }
}

export function pageLimit(query: RunQuery): number {
  const limit = query.limit ?? DEFAULT_RUN_PAGE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new NonRetryableError(`limit must be a positive integer, got ${limit}`);
  }
  return Math.min(limit, MAX_RUN_PAGE);
}

/** `yyyyMMdd` of a UTC instant. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10).replaceAll('-', '');
}

/** The UTC days holding window starts in `[from, to)`, newest first, from `start` downwards. */
export function* daysDescending(from: Date, to: Date, start?: string): Generator<string> {
  if (to.getTime() <= from.getTime()) return;
  const first = dayOf(from);
  let day = start ?? dayOf(new Date(to.getTime() - 1));
  while (day >= first) {
    yield day;
    day = previousDay(day);
  }
}

function previousDay(day: string): string {
  const at = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6)));
  return dayOf(new Date(at - 86_400_000));
}

/** Newest first: window start descending, then id descending. */
export function newestFirst(
  a: { from: number; id: string },
  b: { from: number; id: string },
): number {
  return b.from - a.from || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
