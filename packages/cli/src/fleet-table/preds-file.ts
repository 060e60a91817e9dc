/**
 * A sensor's preds_{device}_{tag}.csv from the fast reader's table, built as one buffer: the
 * reference's `TS,Device,Tag,Val,Prediction` with TS and Val copied byte for byte from the
 * input, exactly the text `writeCsv` (csv-stringify) writes for the same cells today.
 */
import { COMMA, LF, ZERO } from '../ascii.js';
import type { CsvBytes } from '../csv-bytes.js';
import { newCells, scanLine } from './line-cells.js';
import type { FleetTable, TableSensor } from './read.js';

const HEADER = Buffer.from('TS,Device,Tag,Val,Prediction\n');

/** The sensor's values in file order, for the model. */
export function sensorValues(table: FleetTable, sensor: TableSensor): Float64Array {
  const values = new Float64Array(sensor.rows);
  for (let row = sensor.first, r = 0; row !== -1; row = table.next[row]!, r += 1) {
    values[r] = table.values[row]!;
  }
  return values;
}

/**
 * The file's bytes for the sensor's rows and their labels (−1 anomaly, 1 normal), built in
 * `out` (emptied first; the result is a view into it).
 */
export function predsFile(
  table: FleetTable,
  sensor: TableSensor,
  labels: Int8Array,
  out: CsvBytes,
): Buffer {
  const { bytes, columns, crlf, verbatim, dense, rowCount, lineStart } = table;
  const cells = newCells();
  out.reset();
  out.verbatim(HEADER, 0, HEADER.length);
  const ts = 2 * columns.ts;
  const value = 2 * columns.value;
  const terminator = crlf ? 2 : 1;
  // Where the last line's text ends: before the file's last line end, if it has one.
  const lastEnd = bytes[bytes.length - 1] === LF ? bytes.length - terminator : bytes.length;
  for (let row = sensor.first, r = 0; row !== -1; row = table.next[row]!, r += 1) {
    const line = lineStart[row]!;
    if (verbatim) {
      // The line's text is the row's first four cells: copy it up to its line end, which a
      // dense file gives without a search.
      let end: number;
      if (dense) end = row + 1 < rowCount ? lineStart[row + 1]! - terminator : lastEnd;
      else {
        const lf = bytes.indexOf(LF, line);
        end = lf === -1 ? bytes.length : lf + 1 - terminator;
      }
      out.verbatim(bytes, line, end);
    } else {
      scanLine(bytes, line, bytes.length, crlf, cells);
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
