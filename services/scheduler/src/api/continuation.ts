import { NonRetryableError } from '@fleetscore/shared';
import type { z } from 'zod';

/**
 * Opaque continuation tokens: base64url JSON of a position the server understands. Clients
 * pass them back unchanged; a token that does not decode to the expected shape is a 400.
 */
export function encodeToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeToken<S extends z.ZodType>(schema: S, token: string): z.output<S> {
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
