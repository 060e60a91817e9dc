/**
 * The fast reader of score-csv's input: a whole TS,Device,Tag,Value file, held as its bytes,
 * parsed without an object or a string per row into typed columns grouped by sensor. It reads
 * exactly what `readFleetCsv` (csv-parse) reads, for the files it accepts: plain unquoted
 * ASCII cells in any header order, a UTF-8 BOM, LF or CRLF, blank lines. For anything else —
 * quotes, other columns, non-ASCII bytes, a bad id or number, mixed line ends — it answers
 * undefined and the caller reads the file with csv-parse, which also words the errors.
 */
import { parseDecimal } from '../decimal-bytes.js';
import {
  CONTENT_END,
  firstLineEnd,
  LINE_EMPTY,
  LINE_INCOMPLETE,
  LINE_NOT_PLAIN,
  NEXT_LINE,
  newCells,
  scanLine,
} from './line-cells.js';
import { latin1, SensorIndex, type TableSensor } from './sensor-index.js';

export type { TableSensor } from './sensor-index.js';

/** Header position of each column. */
export interface Columns {
  ts: number;
  device: number;
  tag: number;
  value: number;
}

export interface FleetTable {
  /** The file's bytes: TS and Value cells are copied from here into the output. */
  bytes: Buffer;
  crlf: boolean;
  columns: Columns;
  /**
   * Every row's line is `TS,Device,Tag,Value` in that order with no blank around a cell: its
   * text up to the line end is the output row's first four cells.
   */
  verbatim: boolean;
  /**
   * Every line after the header is a row (no blank line): a row's line ends where the next
   * row's starts, less the line end, and the last one where the file does.
   */
  dense: boolean;
  /** Rows in the file (the row arrays may be longer). */
  rowCount: number;
  /** In order of first appearance, as `readFleetCsv`'s map. */
  sensors: TableSensor[];
  /** Per row, in file order: where its line starts, its value, the sensor's next row (-1: none). */
  lineStart: Uint32Array;
  values: Float64Array;
  next: Int32Array;
}

const NAMES = ['TS', 'Device', 'Tag', 'Value'] as const;

/** Reads the file's bytes into a table, or answers undefined for csv-parse to read them. */
export function readFleetTable(bytes: Buffer): FleetTable | undefined {
  const reader = new FleetTableReader(bytes);
  return reader.feed(bytes.length) ? reader.table() : undefined;
}

/**
 * `readFleetTable` as the file arrives: `bytes` is the whole file's buffer, filled from the
 * start, and `feed(filled)` reads the lines complete in its first `filled` bytes, so parsing
 * goes on while the rest is read (fresh pages cost the read as much as parsing them costs).
 */
export class FleetTableReader {
  private readonly cells = newCells();
  /** Where the text starts, after a BOM; -1 until the first bytes are read. */
  private start = -1;
  private pos = 0;
  private crlf: boolean | undefined;
  private columns: Columns | undefined;
  private verbatim = false;
  private dense = true;
  private plain = true;
  private rows: RowColumns | undefined;
  private readonly index: SensorIndex;

  constructor(private readonly bytes: Buffer) {
    this.index = new SensorIndex(bytes);
    // Row positions are 32-bit; a file of 4 GiB goes to csv-parse (it streams).
    if (bytes.length >= 2 ** 32) this.plain = false;
  }

  /** Reads what bytes[0, filled) completes; false once the file is known not to be plain. */
  feed(filled: number): boolean {
    const { bytes } = this;
    // A BOM is told from the first three bytes: wait for them.
    if (!this.plain || (filled < 3 && filled < bytes.length)) return this.plain;
    if (this.start === -1) {
      this.start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      this.pos = this.start;
    }
    if (this.crlf === undefined) {
      this.crlf = firstLineEnd(bytes, this.start, filled);
      if (this.crlf === undefined && filled < bytes.length) return true;
      this.crlf ??= false;
    }
    return this.readLines(filled);
  }

  /** The table, once `feed` took the whole file and said it is plain; else undefined. */
  table(): FleetTable | undefined {
    const { bytes, columns, rows, crlf } = this;
    if (!this.plain || columns === undefined || rows === undefined || crlf === undefined) {
      return undefined;
    }
    return {
      bytes,
      crlf,
      columns,
      verbatim: this.verbatim,
      dense: this.dense,
      rowCount: rows.count,
      sensors: this.index.sensors,
      lineStart: rows.lineStart,
      values: rows.values,
      next: rows.next,
    };
  }

  private fail(): false {
    this.plain = false;
    return false;
  }

  private readLines(filled: number): boolean {
    const { bytes, cells, index } = this;
    const crlf = this.crlf === true;
    while (this.pos < filled) {
      const start = this.pos;
      const kind = scanLine(bytes, start, filled, crlf, cells);
      if (kind === LINE_INCOMPLETE) return true;
      if (kind === LINE_NOT_PLAIN) return this.fail();
      this.pos = cells[NEXT_LINE]!;
      if (kind === LINE_EMPTY) {
        if (this.columns !== undefined) this.dense = false;
        continue;
      }
      if (this.columns === undefined || this.rows === undefined) {
        this.columns = headerColumns(bytes, cells);
        if (this.columns === undefined) return this.fail();
        const { ts, device, tag, value } = this.columns;
        this.verbatim = ts === 0 && device === 1 && tag === 2 && value === 3;
        this.rows = new RowColumns(estimateRows(bytes, this.pos, filled));
        continue;
      }
      // The TS cell needs no check: any plain text is a TS, copied into the output as read.
      const { device, tag, value } = this.columns;
      const rows = this.rows;
      const row = rows.count;
      const sensor = index.find(
        cells[2 * device]!,
        cells[2 * device + 1]!,
        cells[2 * tag]!,
        cells[2 * tag + 1]!,
        row,
      );
      if (sensor < 0) return this.fail();
      const x = numberOf(bytes, cells[2 * value]!, cells[2 * value + 1]!);
      if (!Number.isFinite(x)) return this.fail();
      this.verbatim &&= cells[0] === start && cells[7] === cells[CONTENT_END] && contiguous(cells);
      const s = index.sensors[sensor]!;
      rows.push(start, x);
      if (s.rows > 0) rows.next[s.last] = row;
      s.last = row;
      s.rows += 1;
    }
    return true;
  }
}

/** Each cell ends right before the comma that starts the next: no blanks were trimmed. */
function contiguous(cells: Int32Array): boolean {
  return cells[1]! + 1 === cells[2] && cells[3]! + 1 === cells[4] && cells[5]! + 1 === cells[6];
}

/** The header's columns when they are TS, Device, Tag and Value, once each, in any order. */
function headerColumns(bytes: Buffer, cells: Int32Array): Columns | undefined {
  const at = NAMES.map((name) => {
    for (let c = 0; c < 4; c += 1) {
      if (latin1(bytes, cells[2 * c]!, cells[2 * c + 1]!) === name) return c;
    }
    return -1;
  });
  const [ts = -1, device = -1, tag = -1, value = -1] = at;
  if (new Set(at).size !== 4 || at.includes(-1)) return undefined;
  return { ts, device, tag, value };
}

/**
 * `toNumber`'s value for the cell: the byte parser's when it applies, else `Number` of the text
 * (an empty cell is NaN, as there).
 */
function numberOf(bytes: Buffer, start: number, end: number): number {
  const x = parseDecimal(bytes, start, end);
  if (!Number.isNaN(x)) return x;
  const text = latin1(bytes, start, end);
  return text === '' ? Number.NaN : Number(text);
}

/** Rows expected from the mean line length of the first 64 KiB read, with a margin. */
function estimateRows(bytes: Uint8Array, from: number, filled: number): number {
  const sample = bytes.subarray(from, Math.min(from + 65536, filled));
  if (sample.length === 0) return 16;
  let lines = 1;
  for (let i = sample.indexOf(10); i >= 0; i = sample.indexOf(10, i + 1)) lines += 1;
  return Math.ceil(((bytes.length - from) / sample.length) * lines * 1.05) + 16;
}

/** Typed row columns that grow by half when full. */
class RowColumns {
  count = 0;
  lineStart: Uint32Array;
  values: Float64Array;
  next: Int32Array;

  constructor(capacity: number) {
    this.lineStart = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
  }

  push(lineStart: number, value: number) {
    if (this.count === this.values.length) this.grow();
    this.lineStart[this.count] = lineStart;
    this.values[this.count] = value;
    this.next[this.count] = -1;
    this.count += 1;
  }

  private grow() {
    const capacity = Math.ceil(this.values.length * 1.5) + 16;
    const lineStart = new Uint32Array(capacity);
    lineStart.set(this.lineStart);
    const values = new Float64Array(capacity);
    values.set(this.values);
    const next = new Int32Array(capacity);
    next.set(this.next);
    Object.assign(this, { lineStart, values, next });
  }
}
