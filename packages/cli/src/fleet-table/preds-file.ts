/**
 * A sensor's preds_{device}_{tag}.csv from the fast reader's table, built as one buffer: the
 * reference's `TS,Device,Tag,Val,Prediction` with TS and Val copied byte for byte from the
 * input, exactly the text `writeCsv` (csv-stringify) writes for the same cells today.
 */
import { CsvBytes } from '../csv-bytes.js';
import { CELLS, newCells, scanLine } from './line-cells.js';
import type { FleetTable, TableSensor } from './read.js';

const HEADER = Buffer.from('TS,Device,Tag,Val,Prediction\n');
const COMMA = 44;
const LF = 10;
const ZERO = 48;

/** The sensor's values in file order, for the model. */
export function sensorValues(table: FleetTable, sensor: TableSensor): Float64Array {
  const values = new Float64Array(sensor.rows);
  for (let row = sensor.first, r = 0; row !== -1; row = table.next[row]!, r += 1) {
    values[r] = table.values[row]!;
  }
  return values;
}

/** The file's bytes for the sensor's rows and their labels (−1 anomaly, 1 normal). */
export function predsFile(table: FleetTable, sensor: TableSensor, labels: Int8Array): Buffer {
  const { bytes, columns, crlf } = table;
  const cells = newCells();
  const firstLine = table.lineStart[sensor.first]!;
  scanLine(bytes, firstLine, crlf, cells);
  const out = new CsvBytes(HEADER.length + (cells[2 * CELLS]! - firstLine + 4) * sensor.rows);
  out.verbatim(HEADER, 0, HEADER.length);
  // TS,Device,Tag,Value in that order and without blanks around the cells: the line up to
  // the value's end is already the output's first four cells.
  const inOrder =
    columns.ts === 0 && columns.device === 1 && columns.tag === 2 && columns.value === 3;
  const ts = 2 * columns.ts;
  const value = 2 * columns.value;
  for (let row = sensor.first, r = 0; row !== -1; row = table.next[row]!, r += 1) {
    const line = table.lineStart[row]!;
    scanLine(bytes, line, crlf, cells);
    if (inOrder && cells[0] === line && contiguous(cells)) {
      out.verbatim(bytes, line, cells[7]!);
    } else {
      // The cells of a plain line hold no comma, quote, CR or LF: `cell` copies them as they
      // are, and would quote them as csv-stringify does if they did.
      out.cell(bytes, cells[ts]!, cells[ts + 1]!);
      out.byte(COMMA);
      out.verbatim(bytes, sensor.deviceStart, sensor.deviceEnd);
      out.byte(COMMA);
      out.verbatim(bytes, sensor.tagStart, sensor.tagEnd);
      out.byte(COMMA);
      out.cell(bytes, cells[value]!, cells[value + 1]!);
    }
    out.byte(COMMA);
    out.byte(labels[r] === -1 ? ZERO + 1 : ZERO);
    out.byte(LF);
  }
  return out.bytes();
}

/** Each cell ends right before the comma that starts the next: no blanks were trimmed. */
function contiguous(cells: Int32Array): boolean {
  return cells[1]! + 1 === cells[2] && cells[3]! + 1 === cells[4] && cells[5]! + 1 === cells[6];
}
