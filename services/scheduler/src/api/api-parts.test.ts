import { decodePageToken, encodePageToken } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageByOffset } from './page.js';

describe('continuation tokens', () => {
  it('round-trip a position and refuse anything else as a NonRetryableError', () => {
    const schema = z.object({ o: z.number() });
    expect(decodePageToken(schema, encodePageToken({ o: 4 }))).toEqual({ o: 4 });
    for (const bad of [
      '%%%',
      encodePageToken({ o: 'x' }),
      Buffer.from('nope').toString('base64url'),
    ]) {
      expect(() => decodePageToken(schema, bad)).toThrow(
        expect.objectContaining({ code: 'NON_RETRYABLE' }),
      );
    }
  });

  it('page a whole list by offset to its end', () => {
    const items = [1, 2, 3, 4, 5];
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const page = pageByOffset(items, 2, token);
      seen.push(...page.items);
      token = page.continuation;
    } while (token);
    expect(seen).toEqual(items);
    expect(pageByOffset(items, 5)).toEqual({ items });
  });
});
