/**
 * One line of a TS,Device,Tag,Value file as csv-parse reads it with `trim: true`, found by
 * byte and only for the plain case: unquoted ASCII cells, the line ends the file's first line
 * chose. Anything else makes the line "not plain" and the caller hands the whole file to
 * csv-parse, so every case kept here must give exactly csv-parse's cells.
 *
 * csv-parse's trim is asymmetric: on the left it skips its own set (space, tab, form feed, and
 * CR / LF, which never reach a cell here), on the right it applies `String.prototype.trimEnd`,
 * which also takes vertical tab. A line that is empty or holds only left-trimmable bytes has no
 * cell at all and is skipped (`skip_empty_lines`); one with a lone vertical tab is a record of
 * one empty cell, an error csv-parse reports, so not plain here.
 */

const TAB = 9;
const LF = 10;
const VT = 11;
const FF = 12;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;

const leftTrimmable = (b: number) => b === SPACE || b === TAB || b === FF;
const rightTrimmable = (b: number) => b === SPACE || b === TAB || b === FF || b === VT;

/** The fields a plain line has: the reference layout's four. */
export const CELLS = 4;

/** What `scanLine` found: a line with cells, an empty line, or one csv-parse must read. */
export const LINE_EMPTY = 0;
export const LINE_CELLS = 1;
export const LINE_NOT_PLAIN = -1;

/**
 * Reads the line at `start`: its cells' trimmed [start, end) go to `cells` (2 entries per cell,
 * `CELLS` cells) and the offset past its terminator to `cells[2 * CELLS]`. `crlf` is the file's
 * line end (from its first line): with LF any CR is not plain, with CRLF a lone CR or LF is not.
 * Returns LINE_CELLS, LINE_EMPTY or LINE_NOT_PLAIN (a quote, a byte ≥ 0x80, a stray CR or LF,
 * or a cell count other than CELLS).
 */
export function scanLine(
  bytes: Uint8Array,
  start: number,
  crlf: boolean,
  cells: Int32Array,
): number {
  const length = bytes.length;
  let cell = 0;
  let cellStart = start;
  let onlyBlank = true;
  let i = start;
  let contentEnd = length;
  let next = length;
  for (; i < length; i += 1) {
    const b = bytes[i]!;
    if (b === COMMA) {
      if (cell === CELLS - 1) return LINE_NOT_PLAIN;
      trimInto(bytes, cellStart, i, cells, cell);
      cell += 1;
      cellStart = i + 1;
      onlyBlank = false;
    } else if (b === LF) {
      if (crlf) return LINE_NOT_PLAIN;
      contentEnd = i;
      next = i + 1;
      break;
    } else if (b === CR) {
      if (!crlf || bytes[i + 1] !== LF) return LINE_NOT_PLAIN;
      contentEnd = i;
      next = i + 2;
      break;
    } else if (b === QUOTE || b >= 0x80) {
      return LINE_NOT_PLAIN;
    } else if (onlyBlank && !leftTrimmable(b)) {
      onlyBlank = false;
    }
  }
  cells[2 * CELLS] = next;
  if (onlyBlank) return LINE_EMPTY;
  if (cell !== CELLS - 1) return LINE_NOT_PLAIN;
  trimInto(bytes, cellStart, contentEnd, cells, cell);
  return LINE_CELLS;
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
export const newCells = () => new Int32Array(2 * CELLS + 1);

/**
 * Whether the file's lines end in CRLF, as csv-parse decides: by the first line end it meets
 * (a CR not followed by LF before that makes the file not plain, and `scanLine` says so).
 */
export function endsInCrlf(bytes: Uint8Array, start: number): boolean {
  const lf = bytes.indexOf(LF, start);
  return lf > start && bytes[lf - 1] === CR;
}
