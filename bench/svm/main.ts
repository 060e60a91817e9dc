/**
 * How fast `decisionFunction` scores rbf models, against scikit-learn's decision_function and
 * numpy's matrix form on the same models and rows in the same run (one core each).
 *
 *   pnpm bench:svm [--rows 100000] [--models 10000] [--rows-per-model 60] [--reps 3]
 *                  [--python-models 1000] [--python-reps 2] [--quick]
 *
 * A benchmark, not a test: it prints the machine, a table of rows/s and kernel evaluations/s
 * with the ratios, and how far the three sides' decisions are apart; it asserts nothing.
 * See bench/README.md.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { decisionFunction } from '@fleetscore/svm';
import { METHODS, type Method, startPython } from './python.js';
import { type BenchData, benchModel, buildBenchData, type Workload } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    models: { type: 'string', default: '10000' },
    'rows-per-model': { type: 'string', default: '60' },
    reps: { type: 'string', default: '3' },
    'python-models': { type: 'string', default: '1000' },
    'python-reps': { type: 'string', default: '2' },
    quick: { type: 'boolean', default: false },
  },
});
const int = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const quick = args.quick === true;
const sizes = {
  rows: quick ? 10_000 : int('rows'),
  models: quick ? 500 : int('models'),
  rowsPerModel: int('rows-per-model'),
};
const reps = quick ? 1 : int('reps');
const pythonModels = quick ? 100 : int('python-models');
const pythonReps = quick ? 1 : int('python-reps');

/** CPU seconds of this process so far: a measure per core that other processes' load inflates less than wall time. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

type Prepared = ReturnType<typeof benchModel>[];

/** Scores every model of the workload; returns the decisions of the first `keep` models. */
function scoreAll(prepared: Prepared, keep = 0): Float64Array[] {
  const kept: Float64Array[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const { model, rows } = prepared[i]!;
    const out = decisionFunction(model, rows);
    if (i < keep) kept.push(out);
  }
  return kept;
}

/** Best CPU seconds of `reps` full passes, after a warm-up on a slice of the work. */
function timeOurs(data: BenchData, w: Workload): number {
  const prepared = w.models.map((m) => benchModel(data, w, m));
  const warm = prepared
    .slice(0, 50)
    .map(({ model, rows }) => ({ model, rows: rows.subarray(0, 4000 * w.d) }));
  for (let k = 0; k < 3; k++) scoreAll(warm);
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < reps; k++) {
    const start = cpuSeconds();
    scoreAll(prepared);
    best = Math.min(best, cpuSeconds() - start);
  }
  return best;
}

/** The Python subset of a workload: the single model whole, the first `pythonModels` of many. */
const pythonSlice = (w: Workload): Workload => ({ ...w, models: w.models.slice(0, pythonModels) });

/**
 * The worst |ours − theirs| over the scoring issue's bound 1e-9 × (Σ|αᵢKᵢ| + |b|), and the rows
 * whose sign differs by more than the bound. All α > 0 and K ≥ 0 here, so Σ|αᵢKᵢ| = ours − b.
 */
function agreement(data: BenchData, w: Workload, theirs: Float64Array) {
  const prepared = w.models.map((m) => benchModel(data, w, m));
  const ours = scoreAll(prepared, prepared.length);
  let worst = 0;
  let signs = 0;
  let row = 0;
  for (const [i, decisions] of ours.entries()) {
    const b = w.models[i]!.intercept;
    for (const o of decisions) {
      const t = theirs[row++]!;
      const bound = 1e-9 * (Math.abs(o - b) + Math.abs(b));
      worst = Math.max(worst, Math.abs(o - t) / bound);
      if (o > 0 !== t > 0 && Math.abs(t) > bound) signs++;
    }
  }
  return { worst, signs };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const cpu = cpus();
console.log(
  `machine   ${cpu.length} cores (${cpu[0]?.model.trim()}), Node ${process.version}, ` +
    `load average ${loadavg()[0]!.toFixed(1)} at the start`,
);
const data = buildBenchData(sizes);
console.log(
  `workloads rbf, γ = 1/d, no scaler, N(0, 1) rows and SVs; ${sizes.rows.toLocaleString('en')} rows ` +
    `for one model; ${sizes.models.toLocaleString('en')} distinct models × ${sizes.rowsPerModel} rows`,
);
const python = startPython(data);
console.log(
  `timing    CPU seconds of the process, ours best of ${reps} after a warm-up` +
    (typeof python === 'string'
      ? ''
      : `; ${python.versions} (one BLAS thread) best of ${pythonReps}, ` +
        `on the first ${pythonModels.toLocaleString('en')} of the many models, ` +
        'each workload right after ours'),
);
console.log('');
console.log(
  '| workload | ours rows/s | ours kernel evals/s | sklearn rows/s | numpy rows/s | ours ÷ sklearn | ours ÷ numpy |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const worst: Record<Method, { worst: number; signs: number }> = {
  sklearn: { worst: 0, signs: 0 },
  numpy: { worst: 0, signs: 0 },
};
const failures: string[] = [];
try {
  for (const w of data.workloads) {
    const rows = w.models.length * w.rowsPerModel;
    const oursRate = rows / timeOurs(data, w);
    const cells = [w.label, fmt(oursRate), fmt(oursRate * w.nSupport)];
    const theirs = typeof python === 'string' ? python : python.score(pythonSlice(w), pythonReps);
    if (typeof theirs === 'string') {
      cells.push('–', '–', '–', '–');
      if (typeof python !== 'string') failures.push(`${w.name}: ${theirs}`);
    } else {
      const pyRows = Math.min(w.models.length, pythonModels) * w.rowsPerModel;
      const rate = (m: Method) => pyRows / theirs.seconds[m];
      cells.push(fmt(rate('sklearn')), fmt(rate('numpy')));
      cells.push(ratio(oursRate, rate('sklearn')), ratio(oursRate, rate('numpy')));
      for (const m of METHODS) {
        const a = agreement(data, pythonSlice(w), theirs.decisions[m]);
        worst[m] = { worst: Math.max(worst[m].worst, a.worst), signs: worst[m].signs + a.signs };
      }
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
} finally {
  if (typeof python !== 'string') python.close();
}
console.log('');
if (typeof python === 'string') console.log(`skipped: scikit-learn and numpy (${python})`);
else {
  for (const f of failures) console.log(`skipped: ${f}`);
  for (const m of METHODS) {
    console.log(
      `agreement ours vs ${m.padEnd(7)}: worst |difference| = ${worst[m].worst.toExponential(2)} of the bound ` +
        `1e-9 × (Σ|αK| + |b|); signs differing beyond it: ${worst[m].signs}`,
    );
  }
}
