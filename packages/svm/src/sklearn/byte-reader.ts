import { corrupt } from './errors.js';
import { latin1Decode } from './latin1.js';

// Python writes lone surrogates with 'surrogatepass'; replacing them is fine for inert data.
const utf8 = new TextDecoder('utf-8');

/**
 * A bounds-checked cursor over the pickle bytes. Every length is checked against what remains
 * before anything is sliced or allocated, so a forged length fails here instead of allocating.
 * Slices are views (no copies).
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  pos: number;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Checks that `n` more bytes exist; returns the offset they start at. */
  private take(n: number, what: string): number {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw corrupt(this.pos, `${what} needs ${n} bytes but ${this.remaining} remain`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.bytes[this.take(1, 'a byte')]!;
  }

  u16(): number {
    return this.view.getUint16(this.take(2, 'a 2-byte integer'), true);
  }

  u32(): number {
    return this.view.getUint32(this.take(4, 'a 4-byte integer'), true);
  }

  i32(): number {
    return this.view.getInt32(this.take(4, 'a 4-byte integer'), true);
  }

  /** An 8-byte unsigned length; anything beyond the safe-integer range is corrupt. */
  u64(): number {
    const at = this.take(8, 'an 8-byte length');
    const high = this.view.getUint32(at + 4, true);
    if (high > 0x1fffff) throw corrupt(at, 'an 8-byte length beyond 2^53');
    return high * 2 ** 32 + this.view.getUint32(at, true);
  }

  f64be(): number {
    return this.view.getFloat64(this.take(8, 'a float'), false);
  }

  slice(n: number, what = 'data'): Uint8Array {
    const at = this.take(n, what);
    return this.bytes.subarray(at, at + n);
  }

  utf8(n: number): string {
    return utf8.decode(this.slice(n, 'a string'));
  }

  latin1(n: number): string {
    return latin1Decode(this.slice(n, 'a string'));
  }

  /** A protocol-0 text operand: bytes up to (not including) the next newline, as latin-1. */
  line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw corrupt(this.pos, 'a text operand without its newline');
    const text = latin1Decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }
}
