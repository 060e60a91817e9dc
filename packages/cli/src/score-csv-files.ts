/**
 * `fleetscore score-csv` minus its printing: a models folder and a TS,Device,Tag,Value file in,
 * preds_{device}_{tag}.csv files out. The data file is read whole and parsed by byte
 * (`readFleetTable`); a file that reader does not take goes through csv-parse as it always did,
 * which is also the path that words the errors of a malformed file.
 */
import { mkdir, open } from 'node:fs/promises';
import { type SensorSource, tableSources } from './fleet-sources.js';
import { readFleetTable } from './fleet-table/read.js';
import { listModelFiles } from './model-files.js';
import { loadModels, type SensorResult, scoreFleet } from './score-fleet.js';

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
  // The data file is read by the thread pool (its first touch of fresh pages is most of that
  // time) while this thread reads the model files.
  const reading = options.reader === 'csv-parse' ? undefined : readWhole(paths.data);
  const models = loadModels(paths.models, files);
  const { sensors, reader } = await readSensors(paths.data, reading);
  await mkdir(paths.out, { recursive: true });
  const results = await scoreFleet(models, sensors, paths.out, options.onProgress);
  return { results, reader };
}

async function readSensors(
  path: string,
  reading: Promise<Buffer> | undefined,
): Promise<{ sensors: Map<string, SensorSource>; reader: FleetReader }> {
  // An unreadable file is csv-parse's to report, in its words.
  const bytes = await reading?.catch(() => undefined);
  const table = bytes === undefined ? undefined : readFleetTable(bytes);
  if (table !== undefined) return { sensors: tableSources(table), reader: 'table' };
  // csv-parse and csv-stringify load only for such a file: the table's start-up stays short.
  const { csvParseSources } = await import('./csv-parse-sources.js');
  return { sensors: await csvParseSources(path), reader: 'csv-parse' };
}

/**
 * The whole file in one buffer, read by as few thread-pool requests as the kernel allows (one,
 * for a regular file), so the read goes on while this thread does other work.
 */
async function readWhole(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const bytes = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await file.read(bytes, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    await file.close();
  }
}
