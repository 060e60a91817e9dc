/**
 * The floor's input files, as a user of the reference batch job has them: one windows CSV
 * `TS,Device,Tag,Value` for the whole fleet and one scikit-learn model file per sensor,
 * `model_{device}_{tag}`, written by Python (`floor_models.py`: joblib.dump of a OneClassSVM
 * with the fleet's support vectors swapped in). Both the Python loop and `fleetscore
 * score-csv` read these very files.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entity } from '@fleetscore/shared';
import { MAX_SUPPORT, sensorModel, sensorValues, WINDOW_MS } from '../run/fleet.js';
import { PYTHON } from '../svm/python.js';

export interface FleetFiles {
  /** The windows CSV. */
  data: string;
  /** The folder of `model_{device}_{tag}` files. */
  models: string;
  /** Rows of the CSV (header excluded). */
  rows: number;
}

const script = (name: string) => new URL(`../${name}`, import.meta.url).pathname;

/** A stream writer that waits for the file when its buffer is full. */
function textFile(path: string) {
  const out = createWriteStream(path);
  return {
    async write(text: string) {
      if (!out.write(text)) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'finish');
    },
  };
}

/**
 * Writes `dir`/fleet.csv and `dir`/models/: every sensor's windows of the hour starting at
 * `hourMs` (ISO timestamps, values as JavaScript prints them: the shortest text that reads
 * back to the same float64) and its model with 2 to `maxSupport` support vectors.
 */
export async function writeFleetFiles(
  sensors: readonly Entity[],
  hourMs: number,
  dir: string,
  maxSupport = MAX_SUPPORT,
): Promise<FleetFiles> {
  const data = join(dir, 'fleet.csv');
  const models = join(dir, 'models');
  const spec = join(dir, 'models.jsonl');
  await mkdir(models, { recursive: true });
  const csv = textFile(data);
  const specs = textFile(spec);
  await csv.write('TS,Device,Tag,Value\n');
  const stamps = Array.from({ length: 720 }, (_, i) =>
    new Date(hourMs + i * WINDOW_MS).toISOString(),
  );
  let rows = 0;
  for (const sensor of sensors) {
    const values = sensorValues(sensor);
    let lines = '';
    for (const [i, v] of values.entries())
      lines += `${stamps[i]},${sensor.device},${sensor.sensor},${String(v)}\n`;
    rows += values.length;
    await csv.write(lines);
    const model = sensorModel(sensor, maxSupport);
    await specs.write(
      `${JSON.stringify({
        name: `model_${sensor.device}_${sensor.sensor}`,
        sv: [...model.supportVectors],
        coef: [...model.dualCoef],
        intercept: model.intercept,
        gamma: model.gamma,
      })}\n`,
    );
  }
  await Promise.all([csv.close(), specs.close()]);
  await runPython(script('floor_models.py'), [spec, models]);
  return { data, models, rows };
}

/** Runs a Python script of the bench to its end; rejects with its stderr's tail. */
async function runPython(path: string, args: string[]): Promise<void> {
  const child = spawn(PYTHON, [path, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${path} exited ${code}: ${err.slice(-2000)}`);
}
