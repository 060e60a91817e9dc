/**
 * `fleetscore score-csv` minus its printing: a models folder and a TS,Device,Tag,Value file in,
 * preds_{device}_{tag}.csv files out. The data file is read whole and parsed by byte
 * (`readFleetTable`); a file that reader does not take goes through csv-parse as it always did,
 * which is also the path that words the errors of a malformed file.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { type SensorSource, tableSources } from './fleet-sources.js';
import { readFleetTable } from './fleet-table/read.js';
import { listModelFiles } from './model-files.js';
import { type SensorResult, scoreFleet } from './score-fleet.js';

/** Which reader read the data: the byte table or csv-parse. */
export type FleetReader = 'table' | 'csv-parse';

export interface ScoreCsvOptions {
  /** `csv-parse` skips the byte table (the fallback, also the tests' reference). Default: table when it can. */
  reader?: FleetReader;
  onProgress?: (done: number, total: number) => void;
}

export async function scoreCsvFiles(
  paths: { models: string; data: string; out: string },
  options: ScoreCsvOptions = {},
): Promise<{ results: SensorResult[]; reader: FleetReader }> {
  const [models, { sensors, reader }] = await Promise.all([
    listModelFiles(paths.models),
    readSensors(paths.data, options.reader ?? 'table'),
  ]);
  await mkdir(paths.out, { recursive: true });
  const results = await scoreFleet(models, sensors, paths, options.onProgress);
  return { results, reader };
}

async function readSensors(
  path: string,
  reader: FleetReader,
): Promise<{ sensors: Map<string, SensorSource>; reader: FleetReader }> {
  if (reader === 'table') {
    // An unreadable file is csv-parse's to report, in its words.
    const bytes = await readFile(path).catch(() => undefined);
    const table = bytes === undefined ? undefined : readFleetTable(bytes);
    if (table !== undefined) return { sensors: tableSources(table), reader: 'table' };
  }
  // csv-parse and csv-stringify load only for such a file: the table's start-up stays short.
  const { csvParseSources } = await import('./csv-parse-sources.js');
  return { sensors: await csvParseSources(path), reader: 'csv-parse' };
}
