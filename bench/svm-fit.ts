/**
 * How long `fitOneClassSvm` takes, and how that compares with scikit-learn's OneClassSVM.fit
 * on the same rows in the same run (when /usr/bin/python3 has scikit-learn).
 *
 *   pnpm --filter @fleetscore/bench bench:fit
 *
 * Prints, per case, the median wall time of several fits, the SMO iterations and support
 * vectors, and ours/scikit-learn's time. A benchmark, not a test: nothing is asserted. Both
 * sides run the same solver, so a line notes scikit-learn's n_iter and SV count if they differ.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@fleetscore/shared';
import { type FitParams, fitOneClassSvm } from '@fleetscore/svm';

interface Case {
  name: string;
  rows: Float64Array;
  nFeatures: number;
  params: FitParams;
}

interface Timing {
  ms: number;
  nIter: number;
  nSupport: number;
}

/** n × d rows, uniform in [lo, hi) (the reference sensors' shape) or normal around 50. */
function uniformRows(seed: number, n: number, d: number, lo: number, hi: number) {
  const next = mulberry32(seed);
  return Float64Array.from({ length: n * d }, () => lo + (hi - lo) * next());
}

function normalRows(seed: number, n: number, d: number) {
  const next = mulberry32(seed);
  return Float64Array.from({ length: n * d }, (_, k) => {
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return 50 + (1 + (k % d)) * z; // features on unequal scales
  });
}

const reference: FitParams = { nu: 0.0001, gamma: 0.01, standardize: true };
const cases: Case[] = [
  {
    name: '720 × 1, reference',
    rows: uniformRows(1, 720, 1, 10, 15),
    nFeatures: 1,
    params: reference,
  },
  {
    name: '3600 × 1, reference',
    rows: uniformRows(2, 3600, 1, 10, 15),
    nFeatures: 1,
    params: reference,
  },
  {
    name: "720 × 1, nu 0.05, gamma 'scale'",
    rows: uniformRows(3, 720, 1, 10, 15),
    nFeatures: 1,
    params: { nu: 0.05, standardize: true },
  },
  {
    name: "2000 × 16, nu 0.1, gamma 'scale'",
    rows: normalRows(4, 2000, 16),
    nFeatures: 16,
    params: { nu: 0.1, standardize: true },
  },
  {
    name: "3600 × 4, nu 0.1, gamma 'scale'",
    rows: normalRows(5, 3600, 4),
    nFeatures: 4,
    params: { nu: 0.1, standardize: true },
  },
];

/** Fits until ~1 s has passed (3–50 fits) after one warm-up fit; the median time. */
function timeOurs(c: Case): Timing {
  const warm = fitOneClassSvm(c.rows, c.nFeatures, c.params);
  const times: number[] = [];
  const until = performance.now() + 1000;
  while (times.length < 3 || (times.length < 50 && performance.now() < until)) {
    const start = performance.now();
    fitOneClassSvm(c.rows, c.nFeatures, c.params);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const nIter = (warm.training as { nIter: number }).nIter;
  return { ms: times[Math.floor(times.length / 2)]!, nIter, nSupport: warm.nSupport };
}

/** The same cases through bench/svm_fit_sklearn.py, or why that could not run. */
function timeSklearn(): Timing[] | string {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${python} with scikit-learn not found`;
  const dir = mkdtempSync(join(tmpdir(), 'svm-fit-'));
  try {
    const input = join(dir, 'cases.json');
    const payload = cases.map((c) => ({ ...c, rows: Array.from(c.rows) }));
    writeFileSync(input, JSON.stringify(payload));
    const script = new URL('svm_fit_sklearn.py', import.meta.url).pathname;
    const run = spawnSync(python, [script, input], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) return `scikit-learn run failed: ${run.stderr.trim()}`;
    return JSON.parse(run.stdout) as Timing[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ours = cases.map(timeOurs);
const theirs = timeSklearn();
console.log(
  'fitOneClassSvm, median ms per fit' +
    (typeof theirs === 'string' ? '' : ' (vs scikit-learn 1.2)'),
);
for (const [k, c] of cases.entries()) {
  const o = ours[k]!;
  let line = `${c.name.padEnd(34)} ${o.ms.toFixed(2).padStart(9)} ms  n_iter ${o.nIter}  SVs ${o.nSupport}`;
  if (typeof theirs !== 'string') {
    const t = theirs[k]!;
    const same =
      t.nIter === o.nIter && t.nSupport === o.nSupport
        ? ''
        : `  (sklearn n_iter ${t.nIter}, SVs ${t.nSupport})`;
    line += `  | sklearn ${t.ms.toFixed(2).padStart(8)} ms  ratio ${(o.ms / t.ms).toFixed(2)}×${same}`;
  }
  console.log(line);
}
if (typeof theirs === 'string') console.log(`scikit-learn comparison skipped: ${theirs}`);
