import { readCsvRows, toNumber } from './csv.js';
import { UsageError } from './program.js';

export interface TrainingSelection {
  features: readonly string[];
  device?: string;
  tag?: string;
  /** Inclusive lower and exclusive upper bound on the TS column. */
  from?: Date;
  to?: Date;
}

/**
 * The reference data's TS (`2018-08-28 23:00:05.000`, UTC without a zone) or any ISO 8601
 * time; a TS without a zone is read as UTC.
 */
export function parseTimestamp(text: string): Date {
  const iso = text.includes('T') ? text : text.replace(' ', 'T');
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`;
  const time = new Date(withZone);
  if (Number.isNaN(time.getTime())) throw new UsageError(`not a timestamp: "${text}"`);
  return time;
}

/**
 * Reads the rows a model is trained on: the named feature columns of the records that match
 * the device, tag and time filters (the reference layout TS,Device,Tag,Value, or any CSV
 * with the feature columns). Row-major Float64Array, as `fitOneClassSvm` takes.
 */
export async function readTrainingRows(path: string, select: TrainingSelection) {
  const values: number[] = [];
  let checked = false;
  for await (const { record, line } of readCsvRows(path)) {
    if (!checked) {
      const needed = [...select.features];
      if (select.device !== undefined) needed.push('Device');
      if (select.tag !== undefined) needed.push('Tag');
      if (select.from !== undefined || select.to !== undefined) needed.push('TS');
      const missing = needed.filter((column) => !(column in record));
      if (missing.length > 0)
        throw new UsageError(`${path} lacks column(s): ${missing.join(', ')}`);
      checked = true;
    }
    if (select.device !== undefined && record.Device !== select.device) continue;
    if (select.tag !== undefined && record.Tag !== select.tag) continue;
    if (select.from !== undefined || select.to !== undefined) {
      const ts = parseTimestamp(record.TS!).getTime();
      if (select.from !== undefined && ts < select.from.getTime()) continue;
      if (select.to !== undefined && ts >= select.to.getTime()) continue;
    }
    for (const name of select.features) values.push(toNumber(record[name], name, line));
  }
  if (values.length === 0) throw new UsageError(`${path}: no rows match the selection`);
  return Float64Array.from(values);
}
