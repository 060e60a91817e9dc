/**
 * The two sides of the floor, each timed as a user times a command: the wall clock of its
 * whole process, from spawn to exit (start-up, imports, reading, model loading, scoring and
 * writing). `fleetscore score-csv` and the Python loop (`floor_sklearn.py`) read the same
 * files and write one `preds_{device}_{tag}.csv` per sensor into their own folder.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ONE_THREAD, PYTHON } from '../svm/python.js';
import type { FleetFiles } from './fleet-files.js';

export const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Where score-csv runs from: `dist`, the built command as a user runs it (`node
 * packages/cli/dist/main.js`: build first), or `source`, under tsx (every module transpiled
 * at start-up: slower to start, always current).
 */
export type CliFrom = 'dist' | 'source';

export interface Timed {
  seconds: number;
  /** What the process printed on stdout. */
  stdout: string;
}

/** Runs a command to its end, timed from spawn to exit; rejects when it fails. */
export async function timeProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Timed> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  }
  return { seconds, stdout };
}

/**
 * `fleetscore score-csv` on the files, predictions into `out`; its summary's rows. `nodeFlags`
 * go to node before the command (e.g. `--cpu-prof`).
 */
export async function timeScoreCsv(
  files: FleetFiles,
  out: string,
  from: CliFrom,
  nodeFlags: readonly string[] = [],
): Promise<Timed & { rows: number }> {
  const entry =
    from === 'dist'
      ? ['packages/cli/dist/main.js']
      : ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts'];
  const timed = await timeProcess(process.execPath, [
    ...nodeFlags,
    ...entry,
    'score-csv',
    '--models',
    files.models,
    '--data',
    files.data,
    '--out',
    out,
    '--json',
  ]);
  const { total } = JSON.parse(timed.stdout) as { total: { rows: number } };
  return { ...timed, rows: total.rows };
}

/** The Python loop on the files, predictions into `out`, one BLAS thread; its rows. */
export async function timePythonLoop(
  files: FleetFiles,
  out: string,
): Promise<Timed & { rows: number }> {
  const script = new URL('../floor_sklearn.py', import.meta.url).pathname;
  const timed = await timeProcess(PYTHON, [script, files.data, files.models, out], {
    ...process.env,
    ...ONE_THREAD,
  });
  const { rows } = JSON.parse(timed.stdout) as { rows: number };
  return { ...timed, rows };
}
