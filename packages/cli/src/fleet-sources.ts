/**
 * score-csv's input, sensor by sensor, from the fast byte table; `csv-parse-sources.ts` gives
 * the same for the files the table does not take.
 */
import { writeFile } from 'node:fs';
import { CsvBytes } from './csv-bytes.js';
import { predsFile, sensorValues } from './fleet-table/preds-file.js';
import type { FleetTable, TableSensor } from './fleet-table/read.js';

/** One sensor's rows as the scorer needs them. */
export interface SensorSource {
  device: string;
  tag: string;
  rows: number;
  values(): Float64Array;
  /** Writes preds_{device}_{tag}.csv for the labels (−1 anomaly, 1 normal) to `path`. */
  write(path: string, labels: Int8Array): Promise<void>;
}

/**
 * The table's sensors keyed `device/tag`, in order of first appearance. Each file is built in a
 * buffer taken from a pool and given back once written: fresh memory costs a page fault per
 * 4 KiB on first touch (about 4 ms per MB on the development VM, as much as the rest of the
 * work), and a fleet's output is as large as its input.
 */
export function tableSources(table: FleetTable): Map<string, SensorSource> {
  const sources = new Map<string, SensorSource>();
  const pool: CsvBytes[] = [];
  const write = (path: string, sensor: TableSensor, labels: Int8Array) => {
    const out = pool.pop() ?? new CsvBytes(65536);
    // The callback API: fs/promises costs more per file, and there are thousands.
    return new Promise<void>((resolve, reject) =>
      writeFile(path, predsFile(table, sensor, labels, out), (error) => {
        pool.push(out);
        if (error) reject(error);
        else resolve();
      }),
    );
  };
  for (const sensor of table.sensors) {
    sources.set(`${sensor.device}/${sensor.tag}`, {
      device: sensor.device,
      tag: sensor.tag,
      rows: sensor.rows,
      values: () => sensorValues(table, sensor),
      write: (path, labels) => write(path, sensor, labels),
    });
  }
  return sources;
}
