/**
 * score-csv's input, sensor by sensor, from either reader: the fast byte table or, for the
 * files it does not take, csv-parse's rows (`readFleetCsv`), written back with csv-stringify
 * (`writeCsv`) exactly as before the table existed — the fallback, and the reference the
 * table's output is tested against.
 */
import { writeFile } from 'node:fs';
import { writeCsv } from './csv.js';
import type { SensorRows } from './fleet-csv.js';
import { predsFile, sensorValues } from './fleet-table/preds-file.js';
import type { FleetTable } from './fleet-table/read.js';

/** One sensor's rows as the scorer needs them. */
export interface SensorSource {
  device: string;
  tag: string;
  rows: number;
  values(): Float64Array;
  /** Writes preds_{device}_{tag}.csv for the labels (−1 anomaly, 1 normal) to `path`. */
  write(path: string, labels: Int8Array): Promise<void>;
}

const PREDS_COLUMNS = ['TS', 'Device', 'Tag', 'Val', 'Prediction'] as const;

/** The table's sensors keyed `device/tag`, in order of first appearance. */
export function tableSources(table: FleetTable): Map<string, SensorSource> {
  const sources = new Map<string, SensorSource>();
  for (const sensor of table.sensors) {
    sources.set(`${sensor.device}/${sensor.tag}`, {
      device: sensor.device,
      tag: sensor.tag,
      rows: sensor.rows,
      values: () => sensorValues(table, sensor),
      // The callback API: fs/promises costs more per file, and there are thousands.
      write: (path, labels) =>
        new Promise((resolve, reject) =>
          writeFile(path, predsFile(table, sensor, labels), (error) =>
            error ? reject(error) : resolve(),
          ),
        ),
    });
  }
  return sources;
}

/** csv-parse's rows, each written row by row through csv-stringify. */
export function csvParseSources(sensors: Map<string, SensorRows>): Map<string, SensorSource> {
  const sources = new Map<string, SensorSource>();
  for (const [key, rows] of sensors) {
    const { device, tag } = rows;
    sources.set(key, {
      device,
      tag,
      rows: rows.values.length,
      values: () => Float64Array.from(rows.values),
      async write(path, labels) {
        const writer = writeCsv(path, PREDS_COLUMNS);
        for (const [r, label] of labels.entries()) {
          await writer.write([rows.ts[r]!, device, tag, rows.raw[r]!, label === -1 ? 1 : 0]);
        }
        await writer.close();
      },
    });
  }
  return sources;
}
