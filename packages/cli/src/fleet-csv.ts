import { readdir } from 'node:fs/promises';
import { readCsv, toNumber } from './csv.js';
import { UsageError } from './program.js';

/** Device and sensor ids as everywhere in Fleetscore: safe in file and blob names. */
const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const MODEL_FILE = /^model_(.+)_([A-Za-z0-9.-]+?)(?:\.(?:json|pkl|pickle|joblib|gz|z))?$/;

export interface SensorRows {
  device: string;
  tag: string;
  /** TS and Value exactly as read, for the output file. */
  ts: string[];
  raw: string[];
  values: number[];
}

/** `model_{device}_{tag}[.ext]` files in a folder, keyed `device/tag`; the tag has no `_`. */
export async function listModelFiles(dir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new UsageError(`cannot read models folder ${dir}: ${(error as Error).message}`);
  }
  const models = new Map<string, string>();
  for (const name of names.sort()) {
    const match = MODEL_FILE.exec(name);
    if (!match || !ID.test(match[1]!) || !ID.test(match[2]!)) continue;
    models.set(`${match[1]}/${match[2]}`, name);
  }
  return models;
}

/** Reads the reference layout `TS,Device,Tag,Value` and groups rows per sensor, in file order. */
export async function readFleetCsv(path: string): Promise<Map<string, SensorRows>> {
  const sensors = new Map<string, SensorRows>();
  let line = 1;
  for await (const record of readCsv(path)) {
    line += 1;
    const { TS: ts, Device: device, Tag: tag, Value: raw } = record;
    if (ts === undefined || device === undefined || tag === undefined || raw === undefined) {
      throw new UsageError(`${path}: expected the columns TS,Device,Tag,Value`);
    }
    if (!ID.test(device) || !ID.test(tag)) {
      throw new UsageError(`${path} row ${line}: Device and Tag must match ${ID.source}`);
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
