/**
 * Runs bench/svm_score_sklearn.py on the bench's data: the pools go once to a temp folder as
 * raw little-endian float64 (what x86 and ARM typed arrays hold); each call then writes one
 * workload as JSON and runs the script, which answers with CPU seconds per method and writes
 * its decisions back. One run per workload, right after ours, so both see the same load.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchData, Workload } from './workloads.js';

export const PYTHON = '/usr/bin/python3';
/** One BLAS/OpenMP thread: Python on one core, as our side runs. */
export const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
export type Method = 'sklearn' | 'numpy';
export const METHODS: readonly Method[] = ['sklearn', 'numpy'];

export interface PythonScores {
  /** CPU seconds (best of `reps`) per method. */
  seconds: Record<Method, number>;
  /** Decisions per method, rows in model order. */
  decisions: Record<Method, Float64Array>;
}

export interface PythonSide {
  /** e.g. "scikit-learn 1.2.1, numpy 1.24.2". */
  versions: string;
  /** Scores one workload both ways, or says why it could not. */
  score(workload: Workload, reps: number): PythonScores | string;
  /** Removes the temp folder. */
  close(): void;
}

const bytes = (values: Float64Array) =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength);

function readDoubles(path: string): Float64Array {
  const buffer = readFileSync(path);
  const start = buffer.byteOffset;
  return new Float64Array(buffer.buffer.slice(start, start + buffer.byteLength));
}

/** The Python side, or why there is none (no /usr/bin/python3 with scikit-learn and numpy). */
export function startPython(data: BenchData): PythonSide | string {
  const probe = spawnSync(
    PYTHON,
    [
      '-c',
      'import sklearn, numpy; print(f"scikit-learn {sklearn.__version__}, numpy {numpy.__version__}")',
    ],
    { encoding: 'utf8' },
  );
  if (probe.error || probe.status !== 0) return `${PYTHON} with scikit-learn and numpy not found`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-svm-'));
  writeFileSync(join(dir, 'pool.f64'), bytes(data.pool));
  writeFileSync(join(dir, 'coef.f64'), bytes(data.coefs));
  const script = new URL('../svm_score_sklearn.py', import.meta.url).pathname;
  return {
    versions: probe.stdout.trim(),
    score(w, reps) {
      writeFileSync(join(dir, 'spec.json'), JSON.stringify({ reps, workloads: [w] }));
      const run = spawnSync(PYTHON, [script, dir], {
        encoding: 'utf8',
        env: { ...process.env, ...ONE_THREAD },
        maxBuffer: 1 << 24,
      });
      if (run.status !== 0) return `the Python run failed: ${run.stderr.trim().split('\n').at(-1)}`;
      const seconds = (JSON.parse(run.stdout) as Record<string, Record<Method, number>>)[w.name]!;
      const read = (m: Method) => readDoubles(join(dir, `${w.name}.${m}.f64`));
      return { seconds, decisions: { sklearn: read('sklearn'), numpy: read('numpy') } };
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
