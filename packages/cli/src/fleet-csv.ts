import { readdir } from 'node:fs/promises';
import { ID_PATTERN } from '@fleetscore/shared';
import { readCsvRows, toNumber } from './csv.js';
import { UsageError } from './program.js';

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
  const refused: string[] = [];
  for (const name of names.sort()) {
    const match = MODEL_FILE.exec(name);
    if (!name.startsWith('model_')) continue;
    // A model file whose name gives no valid ids (`model_.._x`, a space, a look-alike) is an
    // error, not a file to skip: its ids would become blob names.
    if (!match || !ID_PATTERN.test(match[1]!) || !ID_PATTERN.test(match[2]!)) {
      refused.push(JSON.stringify(name));
      continue;
    }
    models.set(`${match[1]}/${match[2]}`, name);
  }
  if (refused.length > 0) {
    throw new UsageError(
      `${dir}: model file names must be model_{device}_{tag} with ids of 1–64 A–Z a–z 0–9 _ . - (not dots alone): ${refused.join(', ')}`,
    );
  }
  return models;
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
