import { writeFile } from 'node:fs/promises';
import { writeCsv } from '../csv.js';
import type { AnomalyLabel } from './anomalies.js';

const COLUMNS = ['device', 'sensor', 'kind', 'start', 'end', 'readings'] as const;

/** Writes the ground-truth labels: CSV when the path ends in `.csv`, NDJSON otherwise. */
export async function writeLabels(path: string, labels: readonly AnomalyLabel[]): Promise<void> {
  if (!path.toLowerCase().endsWith('.csv')) {
    await writeFile(path, labels.map((l) => `${JSON.stringify(l)}\n`).join(''));
    return;
  }
  const csv = writeCsv(path, COLUMNS);
  for (const l of labels) await csv.write(COLUMNS.map((c) => l[c]));
  await csv.close();
}
