import { ID_PATTERN } from '@fleetscore/shared/ids';
import { readCsvRows, toNumber } from './csv.js';
import { UsageError } from './program.js';

export interface SensorRows {
  device: string;
  tag: string;
  /** TS and Value exactly as read, for the output file. */
  ts: string[];
  raw: string[];
  values: number[];
}

/** Reads the reference layout `TS,Device,Tag,Value` and groups rows per sensor, in file order. */
export async function readFleetCsv(path: string): Promise<Map<string, SensorRows>> {
  const sensors = new Map<string, SensorRows>();
  for await (const { record, line } of readCsvRows(path)) {
    const { TS: ts, Device: device, Tag: tag, Value: raw } = record;
    if (ts === undefined || device === undefined || tag === undefined || raw === undefined) {
      throw new UsageError(`${path}: expected the columns TS,Device,Tag,Value`);
    }
    if (!ID_PATTERN.test(device) || !ID_PATTERN.test(tag)) {
      throw new UsageError(`${path} row ${line}: Device and Tag must match ${ID_PATTERN.source}`);
    }
    const key = `${device}/${tag}`;
    let rows = sensors.get(key);
    if (rows === undefined) {
      rows = { device, tag, ts: [], raw: [], values: [] };
      sensors.set(key, rows);
    }
    rows.ts.push(ts);
    rows.raw.push(raw);
    rows.values.push(toNumber(raw, 'Value', line));
  }
  return sensors;
}
