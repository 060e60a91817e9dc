import { describe, expect, it } from 'vitest';
import { latin1Decode } from './latin1.js';

describe('latin1Decode', () => {
  it('maps every byte to the code point of the same value (0x80–0x9f included)', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = latin1Decode(bytes);
    expect(text.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(text.charCodeAt(i)).toBe(i);
  });

  it('decodes inputs longer than one chunk', () => {
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => i % 256);
    const text = latin1Decode(bytes);
    expect(text.length).toBe(20_000);
    expect(text.charCodeAt(19_999)).toBe(19_999 % 256);
  });
});
