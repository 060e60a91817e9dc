import { z } from 'zod';

// Fields that every resource of the REST API shares: timestamps, ranges, paging.

/** ISO 8601 with an offset. */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** A page size: `fallback` when absent, at most `max`. */
export const pageLimit = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** The opaque token of the next page; which tokens are valid is the issuer's business. */
export const continuationSchema = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .describe('Opaque token from the previous page');

/** A page of a listing: the ledger's `Page<T>` as a schema (its items, and the next token). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), continuation: z.string().optional() });

/** A `[from, to)` range must not be empty. */
export const orderedRange = (value: { from: string; to: string }) =>
  Date.parse(value.from) < Date.parse(value.to);
