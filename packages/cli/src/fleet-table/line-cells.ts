/**
 * Lines of a TS,Device,Tag,Value file as csv-parse reads them with `trim: true`, found by byte
 * and only for the plain case: a file of ASCII without a double quote (so no quoted cell), whose
 * lines all end as its first line does. Anything else is "not plain" and the caller hands the
 * whole file to csv-parse, so every case kept here must give exactly csv-parse's cells.
 *
 * csv-parse's trim is asymmetric: on the left it skips its own set (space, tab, form feed, and
 * CR / LF, which never reach a cell here), on the right it applies `String.prototype.trimEnd`,
 * which also takes vertical tab. A line that is empty or holds only left-trimmable bytes has no
 * cell at all and is skipped (`skip_empty_lines`); one with a lone vertical tab is a record of
 * one empty cell, an error csv-parse reports, so not plain here.
 */
import { COMMA, CR, FF, LF, QUOTE, SPACE, TAB, VT } from '../ascii.js';

const leftTrimmable = (b: number) => b === SPACE || b === TAB || b === FF;
const rightTrimmable = (b: number) => b === SPACE || b === TAB || b === FF || b === VT;

/** The fields a plain line has: the reference layout's four. */
export const CELLS = 4;
/** `cells` entries after the cells' [start, end) pairs: where the line's text ends, and the next line starts. */
export const CONTENT_END = 2 * CELLS;
export const NEXT_LINE = 2 * CELLS + 1;

/**
 * What `scanLine` found: a line with cells, an empty line, one csv-parse must read, or one
 * that goes on past the bytes read so far.
 */
export const LINE_EMPTY = 0;
export const LINE_CELLS = 1;
export const LINE_NOT_PLAIN = -1;
export const LINE_INCOMPLETE = -2;

/**
 * The file's line end as csv-parse settles it, from the first LF in bytes[from, to): CRLF
 * (true) when a CR comes right before it, else LF (false); undefined when there is no LF in the
 * range. A lone CR before that LF is not plain either way: `scanLine` refuses any CR in an LF
 * file and a lone one in a CRLF file.
 */
export function firstLineEnd(bytes: Uint8Array, from: number, to: number): boolean | undefined {
  const lf = bytes.subarray(from, to).indexOf(LF);
  if (lf === -1) return undefined;
  return lf > 0 && bytes[from + lf - 1] === CR;
}

/**
 * Reads the line at `start` of a file whose first `limit` bytes are read (`bytes` is the whole
 * file's length), checking every byte of it on the way (one pass over the file, which costs
 * less than separate `isAscii` and `indexOf` passes): its cells' trimmed [start, end) go to
 * `cells` (2 entries per cell), the end of its text to cells[CONTENT_END] and the start of the
 * next line to cells[NEXT_LINE]. Returns LINE_CELLS, LINE_EMPTY, LINE_INCOMPLETE (its end is
 * not read yet), or LINE_NOT_PLAIN for a double quote, a byte beyond ASCII, a cell count other
 * than CELLS, a CR in an LF file, or a lone CR or LF in a CRLF file.
 */
export function scanLine(
  bytes: Uint8Array,
  start: number,
  limit: number,
  crlf: boolean,
  cells: Int32Array,
): number {
  const length = bytes.length;
  let cell = 0;
  let cellStart = start;
  let i = start;
  let contentEnd = length;
  let next = length;
  for (; i < limit; i += 1) {
    const b = bytes[i]!;
    // Digits, letters, `-`, `.` and `:`, the bulk of a line, are all above the comma.
    if (b > COMMA) {
      if (b > 0x7f) return LINE_NOT_PLAIN;
      continue;
    }
    if (b === COMMA) {
      if (cell === CELLS - 1) return LINE_NOT_PLAIN;
      trimInto(bytes, cellStart, i, cells, cell);
      cell += 1;
      cellStart = i + 1;
    } else if (b === LF) {
      if (crlf) return LINE_NOT_PLAIN;
      contentEnd = i;
      next = i + 1;
      break;
    } else if (b === CR) {
      if (!crlf) return LINE_NOT_PLAIN;
      if (i + 1 === limit && limit < length) return LINE_INCOMPLETE;
      if (bytes[i + 1] !== LF) return LINE_NOT_PLAIN;
      contentEnd = i;
      next = i + 2;
      break;
    } else if (b === QUOTE) {
      return LINE_NOT_PLAIN;
    }
  }
  if (i === limit && limit < length) return LINE_INCOMPLETE;
  cells[CONTENT_END] = contentEnd;
  cells[NEXT_LINE] = next;
  if (cell === 0 && isBlank(bytes, start, contentEnd)) return LINE_EMPTY;
  if (cell !== CELLS - 1) return LINE_NOT_PLAIN;
  trimInto(bytes, cellStart, contentEnd, cells, cell);
  return LINE_CELLS;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (!leftTrimmable(bytes[i]!)) return false;
  return true;
}

function trimInto(bytes: Uint8Array, start: number, end: number, cells: Int32Array, cell: number) {
  let s = start;
  let e = end;
  while (s < e && leftTrimmable(bytes[s]!)) s += 1;
  while (e > s && rightTrimmable(bytes[e - 1]!)) e -= 1;
  cells[2 * cell] = s;
  cells[2 * cell + 1] = e;
}

/** A scratch array for `scanLine`. */
export const newCells = () => new Int32Array(2 * CELLS + 2);
