/**
 * `fleetscore score-csv` minus its printing: a models folder and a TS,Device,Tag,Value file in,
 * preds_{device}_{tag}.csv files out. The model files are read and parsed on a thread of their
 * own (`readModels`) while the data file is read whole and parsed by byte as it arrives
 * (`readFleetTableFile`); a data file that reader does not take
 * goes through csv-parse as it always did, which is also the path that words the errors of a
 * malformed file.
 */
import { mkdir } from 'node:fs/promises';
import { type SensorSource, tableSources } from './fleet-sources.js';
import type { FleetTable } from './fleet-table/read.js';
import { readFleetTableFile } from './fleet-table/read-file.js';
import { listModelFiles } from './model-files.js';
import { readModels } from './read-models.js';
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
  const files = await listModelFiles(paths.models);
  const stop = new AbortController();
  const reading = readModels(paths.models, files, { signal: stop.signal });
  let table: FleetTable | undefined;
  let sensors: Map<string, SensorSource>;
  try {
    table = options.reader === 'csv-parse' ? undefined : await readFleetTableFile(paths.data);
    sensors = table === undefined ? await csvParseSensors(paths.data) : tableSources(table);
  } catch (error) {
    stop.abort();
    throw error;
  }
  const models = await reading;
  await mkdir(paths.out, { recursive: true });
  const results = await scoreFleet(models, sensors, paths.out, options.onProgress);
  return { results, reader: table === undefined ? 'csv-parse' : 'table' };
}

/** The file through csv-parse, which also words the errors of a malformed or unreadable file. */
async function csvParseSensors(path: string): Promise<Map<string, SensorSource>> {
  // csv-parse and csv-stringify load only for such a file: the table's start-up stays short.
  const { csvParseSources } = await import('./csv-parse-sources.js');
  return csvParseSources(path);
}
