/**
 * Continuation tokens of the ports' paged listings: base64url JSON of a position the adapter
 * understands, opaque to callers. A token that does not decode to the adapter's shape is the
 * caller's mistake, never retried: `NonRetryableError` (the API answers 400).
 */
import type { z } from 'zod';
import { NonRetryableError } from '../errors.js';

export function encodePageToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodePageToken<S extends z.ZodType>(schema: S, token: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new NonRetryableError('invalid continuation token');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NonRetryableError('invalid continuation token');
  return parsed.data;
}
