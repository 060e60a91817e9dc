import { parquetReadObjects } from 'hyparquet';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import type { WindowRecord } from '../../contracts/window.js';
import { NonRetryableError } from '../../errors.js';
import { defineCodec, leftOut, toWindow } from './codec.js';
import { aggregateColumns, aggregateOfColumn } from './columns.js';

/**
 * Parquet (hyparquet-writer, pure JS, Snappy), one row group per blob: `ts` (the window end,
 * TIMESTAMP_MILLIS UTC), `device`, `sensor` (UTF8), `seconds`, `count` (INT32), then one
 * nullable DOUBLE column per configured aggregate (`avg`, `min`, `max`, `count_aggregate`,
 * `sum`, `stddev`); null is a value the window does not have (`stddev` of one reading).
 * Window ends are whole milliseconds, so TIMESTAMP_MILLIS round-trips them exactly.
 */
export const parquetCodec = defineCodec({
  format: 'parquet',
  contentType: 'application/vnd.apache.parquet',
  encode(windows, aggregates) {
    const columns: ColumnSource[] = [
      required('ts', 'TIMESTAMP', (w) => new Date(Date.parse(w.end))),
      required('device', 'STRING', (w) => w.device),
      required('sensor', 'STRING', (w) => w.sensor),
      required('seconds', 'INT32', (w) => w.seconds),
      required('count', 'INT32', (w) => w.count),
      ...aggregateColumns(aggregates, 'parquet').map(({ aggregate, column }) => ({
        name: column,
        type: 'DOUBLE' as const,
        nullable: true,
        data: windows.map((w) => w.values[aggregate] ?? null),
      })),
    ];
    return new Uint8Array(parquetWriteBuffer({ columnData: columns }));

    function required(
      name: string,
      type: 'TIMESTAMP' | 'STRING' | 'INT32',
      of: (w: WindowRecord) => unknown,
    ): ColumnSource {
      return { name, type, nullable: false, data: windows.map(of) };
    }
  },
  async each(body, name, keep, emit) {
    // hyparquet reads an ArrayBuffer; a Node Buffer may be a view into a larger pool.
    const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: file as ArrayBuffer });
    } catch (error) {
      throw new NonRetryableError(`${name} is not valid Parquet: ${(error as Error).message}`);
    }
    for (const [index, row] of rows.entries()) {
      const { ts, device, sensor, seconds, count } = row;
      const end = ts instanceof Date && !Number.isNaN(ts.getTime()) ? ts.toISOString() : ts;
      if (leftOut(keep, device, sensor, end)) continue;
      const values: WindowRecord['values'] = {};
      for (const [column, value] of Object.entries(row)) {
        const aggregate = aggregateOfColumn(column, 'parquet');
        if (aggregate !== undefined && value !== null) values[aggregate] = value as number;
      }
      emit(toWindow({ device, sensor, end, seconds, count, values }, name, `row ${index + 1}`));
    }
  },
});
