/**
 * score-csv's input read by csv-parse (`readFleetCsv`) and written back row by row with
 * csv-stringify (`writeCsv`), exactly as before the byte table existed: the fallback for files
 * the table does not take, and the reference its output is tested against. Loaded only when
 * needed, with the two libraries.
 */
import { writeCsv } from './csv.js';
import { readFleetCsv } from './fleet-csv.js';
import type { SensorSource } from './fleet-sources.js';

const PREDS_COLUMNS = ['TS', 'Device', 'Tag', 'Val', 'Prediction'] as const;

/** The sensors of the file at `path`, read by csv-parse; its errors name the file and line. */
export async function csvParseSources(path: string): Promise<Map<string, SensorSource>> {
  const sources = new Map<string, SensorSource>();
  for (const [key, rows] of await readFleetCsv(path)) {
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
