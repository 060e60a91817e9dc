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
  LINE_CELLS,
  LINE_EMPTY,
  NEXT_LINE,
  newCells,
  plainLineEnd,
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
  // Row positions are 32-bit; a file of 4 GiB goes to csv-parse (it streams).
  if (bytes.length >= 2 ** 32) return undefined;
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const crlf = plainLineEnd(bytes, pos);
  if (crlf === undefined) return undefined;
  const cells = newCells();
  let kind = LINE_EMPTY;
  while (kind === LINE_EMPTY) {
    if (pos >= bytes.length) return undefined;
    kind = scanLine(bytes, pos, crlf, cells);
    pos = cells[NEXT_LINE]!;
  }
  if (kind !== LINE_CELLS) return undefined;
  const columns = headerColumns(bytes, cells);
  if (columns === undefined) return undefined;
  const rows = new RowColumns(estimateRows(bytes, pos));
  const index = new SensorIndex(bytes);
  // The TS cell needs no check: any plain text is a TS, copied into the output as read.
  const { device, tag, value } = columns;
  let verbatim = columns.ts === 0 && device === 1 && tag === 2 && value === 3;
  while (pos < bytes.length) {
    const start = pos;
    kind = scanLine(bytes, pos, crlf, cells);
    pos = cells[NEXT_LINE]!;
    if (kind === LINE_EMPTY) continue;
    if (kind !== LINE_CELLS) return undefined;
    const row = rows.count;
    const sensor = index.find(
      cells[2 * device]!,
      cells[2 * device + 1]!,
      cells[2 * tag]!,
      cells[2 * tag + 1]!,
      row,
    );
    if (sensor < 0) return undefined;
    const x = numberOf(bytes, cells[2 * value]!, cells[2 * value + 1]!);
    if (!Number.isFinite(x)) return undefined;
    verbatim &&= cells[0] === start && cells[7] === cells[CONTENT_END] && contiguous(cells);
    const s = index.sensors[sensor]!;
    rows.push(start, x);
    if (s.rows > 0) rows.next[s.last] = row;
    s.last = row;
    s.rows += 1;
  }
  return {
    bytes,
    crlf,
    columns,
    verbatim,
    sensors: index.sensors,
    lineStart: rows.lineStart,
    values: rows.values,
    next: rows.next,
  };
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

/** Rows expected from the mean line length of the first 64 KiB, with a margin. */
function estimateRows(bytes: Uint8Array, from: number): number {
  const sample = bytes.subarray(from, from + 65536);
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
