import { stat } from 'node:fs/promises';
import type { WindowRecord } from '@fleetscore/shared';
import { readCsvRows } from '../csv.js';
import { UsageError } from '../program.js';
import { missingColumns, parseWindowRow, type WindowRowOptions } from './rows.js';

export interface BadRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  error: string;
}

export interface ReadWindowFile {
  windows: WindowRecord[];
  bad: BadRow[];
  /** Data rows read, good and bad. */
  rows: number;
}

/**
 * Every row of a pre-aggregated window CSV: the windows, and each bad row with its line.
 * A second row for the same (Device, Tag, TS) is bad too: a window file has one of each.
 * `onProgress` is called every 10,000 rows.
 */
export async function readWindowFile(
  path: string,
  options: WindowRowOptions,
  onProgress: (rows: number) => void = () => {},
): Promise<ReadWindowFile> {
  // readCsv's stream pipe does not forward an open error to the parser: check first.
  await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  const windows: WindowRecord[] = [];
  const bad: BadRow[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  for await (const { record, line } of readCsvRows(path)) {
    rows += 1;
    if (rows === 1) {
      const missing = missingColumns(Object.keys(record));
      if (missing.length > 0)
        throw new UsageError(
          `${path} lacks column(s): ${missing.join(', ')} (TS,Device,Tag,Value[,Count])`,
        );
    }
    const parsed = parseWindowRow(record, options);
    if ('error' in parsed) {
      bad.push({ line, error: parsed.error });
      continue;
    }
    const { device, sensor, end } = parsed.window;
    const key = `${device}\u0000${sensor}\u0000${end}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad.push({
        line,
        error: `a second window of Device ${device} Tag ${sensor} ending ${end} (first on line ${first})`,
      });
      continue;
    }
    seen.set(key, line);
    windows.push(parsed.window);
    if (rows % 10_000 === 0) onProgress(rows);
  }
  if (rows === 0) throw new UsageError(`${path} has no rows`);
  return { windows, bad, rows };
}
