/**
 * The in-process floor of `pnpm bench:run` and its Python baseline: the same rows and models
 * as the run, as local files (a TS,Device,Tag,Value CSV and one scikit-learn joblib file per
 * sensor, `bench/floor/fleet-files.ts`), scored by `fleetscore score-csv` and by the plain
 * Python loop (`bench/floor_sklearn.py`), one after the other. Each is timed from its process's
 * start to its exit — CSV parsing, model loading, scoring and writing included — and their
 * predictions are compared row by row. One run each (`pnpm bench:floor` takes the best of
 * several).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entity } from '@fleetscore/shared';
import { type Agreement, compareOutputs } from '../floor/agreement.js';
import { writeFleetFiles } from '../floor/fleet-files.js';
import { type CliFrom, timePythonLoop, timeScoreCsv } from '../floor/sides.js';

export interface FloorResult {
  /** score-csv's wall seconds and rows scored. */
  seconds: number;
  rows: number;
  /** The Python loop's, on the same files. */
  python: { seconds: number; rows: number };
  /** The two sides' predictions, compared. */
  agreement: Agreement;
}

export async function measureFloor(
  sensors: readonly Entity[],
  hourMs: number,
  from: CliFrom = 'source',
): Promise<FloorResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-floor-'));
  try {
    const files = await writeFleetFiles(sensors, hourMs, dir);
    const [pyOut, cliOut] = [join(dir, 'out-python'), join(dir, 'out')];
    const python = await timePythonLoop(files, pyOut);
    const cli = await timeScoreCsv(files, cliOut, from);
    return {
      seconds: cli.seconds,
      rows: cli.rows,
      python: { seconds: python.seconds, rows: python.rows },
      agreement: await compareOutputs(pyOut, cliOut),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
