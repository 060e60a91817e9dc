import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { WindowRecord } from '../../contracts/window.js';
import { NonRetryableError } from '../../errors.js';
import { defineCodec, leftOut, toWindow } from './codec.js';
import { aggregateColumns, aggregateOfColumn } from './columns.js';

/**
 * The reference layout first — `TS,Device,Tag,Value` with TS the window end and Value the
 * average — so that tools written for the reference's CSV read these files; then `Count,Seconds`
 * and one column per other configured aggregate (`Min`, `Max`, `Sum`, `Stddev`,
 * `CountAggregate`). TS is ISO 8601 UTC with milliseconds. An empty cell is a value the window
 * does not have: `Value` when `avg` is not configured, `Stddev` of a single reading.
 */
export const CSV_HEADER = ['TS', 'Device', 'Tag', 'Value', 'Count', 'Seconds'] as const;

export const csvCodec = defineCodec({
  format: 'csv',
  contentType: 'text/csv',
  encode(windows, aggregates) {
    const others = aggregateColumns(aggregates, 'csv').filter((c) => c.aggregate !== 'avg');
    const rows = windows.map((w) => [
      new Date(Date.parse(w.end)).toISOString(),
      w.device,
      w.sensor,
      formatNumber(w.values.avg),
      String(w.count),
      String(w.seconds),
      ...others.map((c) => formatNumber(w.values[c.aggregate])),
    ]);
    return stringify([[...CSV_HEADER, ...others.map((c) => c.column)], ...rows]);
  },
  each(body, name, keep, emit) {
    let rows: string[][];
    try {
      rows = parse(new TextDecoder().decode(body), { skip_empty_lines: true });
    } catch (error) {
      throw new NonRetryableError(`${name} is not valid CSV: ${(error as Error).message}`);
    }
    const [header, ...data] = rows;
    const others = (header ?? []).slice(CSV_HEADER.length).map((column) => {
      const aggregate = aggregateOfColumn(column, 'csv');
      if (aggregate === undefined || aggregate === 'avg')
        throw new NonRetryableError(`${name} has an unknown column ${JSON.stringify(column)}`);
      return aggregate;
    });
    if (!header || CSV_HEADER.some((column, i) => header[i] !== column))
      throw new NonRetryableError(`${name} does not start with the header ${CSV_HEADER.join(',')}`);
    for (const [index, row] of data.entries()) {
      const [ts, device, sensor, value, count, seconds, ...rest] = row;
      if (leftOut(keep, device, sensor, ts)) continue;
      const values: WindowRecord['values'] = {};
      const avg = parseNumber(value);
      if (avg !== undefined) values.avg = avg;
      for (const [i, aggregate] of others.entries()) {
        const v = parseNumber(rest[i]);
        if (v !== undefined) values[aggregate] = v;
      }
      const window = { device, sensor, end: ts, count: parseNumber(count), values };
      emit(toWindow({ ...window, seconds: parseNumber(seconds) }, name, `data row ${index + 1}`));
    }
  },
});

/** The shortest text that parses back to the same float64 (−0 becomes 0, as in JSON). */
function formatNumber(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Empty → undefined; anything but a plain decimal (`0x10`, ` `) → NaN, which the schema rejects. */
function parseNumber(cell: string | undefined): number | undefined {
  if (cell === undefined || cell === '') return undefined;
  return DECIMAL.test(cell) ? Number(cell) : Number.NaN;
}
