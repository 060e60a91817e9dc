/**
 * CSV text built as UTF-8 bytes in one growing buffer, cell by cell, quoted exactly as
 * csv-stringify quotes with its defaults (`writeCsv`): a cell holding a comma, a double quote,
 * CR or LF is put in double quotes with its quotes doubled; any other cell, the empty one
 * included, is written as is. Those four are ASCII, and UTF-8 never uses an ASCII byte inside
 * a multi-byte character, so the test on bytes is the test on text. Strings are encoded by
 * `Buffer.from`, as a stream encodes them (a lone surrogate becomes U+FFFD in both).
 */
import { COMMA, CR, LF, QUOTE } from './ascii.js';

/** Buffer's memcpy, which takes any Uint8Array as its source. */
const copyBytes = Buffer.prototype.copy;

const needsQuotes = (b: number) => b === QUOTE || b === COMMA || b === LF || b === CR;

export class CsvBytes {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity = 4096) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 64));
  }

  /** The cell at source[start, end), quoted when it needs to be. */
  cell(source: Uint8Array, start: number, end: number): void {
    let quotes = 0;
    let quoted = false;
    for (let i = start; i < end; i += 1) {
      const b = source[i]!;
      if (needsQuotes(b)) {
        quoted = true;
        if (b === QUOTE) quotes += 1;
      }
    }
    if (!quoted) {
      this.verbatim(source, start, end);
      return;
    }
    this.reserve(end - start + quotes + 2);
    const out = this.buffer;
    let at = this.length;
    out[at++] = QUOTE;
    for (let i = start; i < end; i += 1) {
      const b = source[i]!;
      if (b === QUOTE) out[at++] = QUOTE;
      out[at++] = b;
    }
    out[at++] = QUOTE;
    this.length = at;
  }

  /** A string cell, quoted when it needs to be. */
  text(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.cell(bytes, 0, bytes.length);
  }

  /**
   * source[start, end) copied as is: text the caller knows needs no quotes (cells already
   * checked, with their commas).
   */
  verbatim(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const out = this.buffer;
    const at = this.length;
    // A native copy from 16 bytes on (a row of the reference layout is ~50).
    if (n > 16) copyBytes.call(source, out, at, start, end);
    else for (let i = 0; i < n; i += 1) out[at + i] = source[start + i]!;
    this.length = at + n;
  }

  /** One ASCII byte: a comma, a line end, a digit. */
  byte(b: number): void {
    if (this.length === this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = b;
  }

  /** A whole line of string cells with its LF, as csv-stringify writes a record. */
  line(cells: readonly string[]): void {
    for (const [i, cell] of cells.entries()) {
      if (i > 0) this.byte(COMMA);
      this.text(cell);
    }
    this.byte(LF);
  }

  /** Empties the builder, keeping its buffer: the next text reuses memory already touched. */
  reset(): void {
    this.length = 0;
  }

  /** The bytes so far (a view into the buffer, valid until the next change). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
