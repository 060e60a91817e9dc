/**
 * The in-process floor: the same rows and models scored by `fleetscore score-csv` from local
 * files (a TS,Device,Tag,Value CSV and one v1 JSON model file per sensor), timed from the
 * command's start to its exit — CSV parsing, model loading, scoring and writing included.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Entity } from '@fleetscore/shared';
import { toDocument } from '@fleetscore/svm';
import { sensorModel, sensorValues, WINDOW_MS } from './fleet.js';

export const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface FloorResult {
  seconds: number;
  rows: number;
}

export async function measureFloor(
  sensors: readonly Entity[],
  hourMs: number,
): Promise<FloorResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-floor-'));
  try {
    const data = join(dir, 'fleet.csv');
    const models = join(dir, 'models');
    await mkdir(models);
    await writeInputs(sensors, hourMs, data, models);
    const started = performance.now();
    const output = await runCli([
      'score-csv',
      '--models',
      models,
      '--data',
      data,
      '--out',
      join(dir, 'out'),
      '--json',
    ]);
    const seconds = (performance.now() - started) / 1000;
    const total = (JSON.parse(output) as { total: { rows: number } }).total;
    return { seconds, rows: total.rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeInputs(
  sensors: readonly Entity[],
  hourMs: number,
  data: string,
  models: string,
) {
  const csv = createWriteStream(data);
  const write = async (text: string) => {
    if (!csv.write(text)) await once(csv, 'drain');
  };
  await write('TS,Device,Tag,Value\n');
  const stamps = Array.from({ length: 720 }, (_, i) =>
    new Date(hourMs + i * WINDOW_MS).toISOString(),
  );
  for (const sensor of sensors) {
    const values = sensorValues(sensor);
    let lines = '';
    for (const [i, v] of values.entries())
      lines += `${stamps[i]},${sensor.device},${sensor.sensor},${String(v)}\n`;
    await write(lines);
    await writeFile(
      join(models, `model_${sensor.device}_${sensor.sensor}.json`),
      JSON.stringify(toDocument(sensorModel(sensor))),
    );
  }
  csv.end();
  await once(csv, 'finish');
}

/** Runs the CLI from source in its own process; resolves with its stdout. */
function runCli(args: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts', ...args],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((ok, fail) =>
    child.on('exit', (code) =>
      code === 0 ? ok(out) : fail(new Error(`score-csv exited ${code}: ${err.slice(-2000)}`)),
    ),
  );
}
