/**
 * The deterministic data of `pnpm bench:svm`: rbf models with 4 or 16 features and 100 or
 * 1000 support vectors, each scored in two workloads — one model over many rows, and many
 * distinct models over their own few rows.
 *
 * Support vectors and rows are contiguous slices of one shared pool of N(0, 1) values (and
 * dual coefficients of a pool of positive values) at seeded random offsets: 10,000 distinct
 * models of 1000 × 16 would otherwise take 1.3 GB. The pool is 32 MB, larger than the L2 and
 * most of the L3, so consecutive models are not cache-warm. Both sides score the same slices
 * (the Python script reads the pools from files).
 */
import { mulberry32 } from '@fleetscore/shared';
import type { OcsvmModel } from '@fleetscore/svm';

/** One model of a workload, as offsets (in values) into the pools. */
export interface BenchModel {
  sv: number;
  coef: number;
  rows: number;
  intercept: number;
}

export interface Workload {
  /** A file-safe id, e.g. `many-d16-sv1000`. */
  name: string;
  /** What a reader sees in the table. */
  label: string;
  d: number;
  nSupport: number;
  gamma: number;
  rowsPerModel: number;
  models: BenchModel[];
}

export interface BenchData {
  pool: Float64Array;
  coefs: Float64Array;
  workloads: Workload[];
}

export interface WorkloadSizes {
  /** Rows scored by the single model. */
  rows: number;
  /** Distinct models in the many-models workload. */
  models: number;
  /** Rows each of those models scores. */
  rowsPerModel: number;
}

const POOL = 1 << 22; // 4,194,304 values, 32 MB
const COEF_POOL = 1 << 20;

export function buildBenchData(sizes: WorkloadSizes): BenchData {
  const next = mulberry32(20251126);
  const pool = new Float64Array(POOL);
  for (let i = 0; i < POOL; i += 2) {
    // Box–Muller: two normals per two uniforms.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    pool[i] = radius * Math.cos(angle);
    pool[i + 1] = radius * Math.sin(angle);
  }
  const coefs = Float64Array.from({ length: COEF_POOL }, () => 0.01 + 0.99 * next());
  const at = (length: number, size: number) => Math.floor(next() * (size - length + 1));
  const workloads: Workload[] = [];
  for (const d of [4, 16]) {
    for (const nSupport of [100, 1000]) {
      const gamma = 1 / d;
      // E[K] for x, sv ~ N(0, I): (1 + 4γ)^(−d/2). An intercept of −Σα·E[K] puts the typical
      // row near the boundary, so both signs occur.
      const typicalK = (1 + 4 * gamma) ** (-d / 2);
      const model = (rowsPerModel: number): BenchModel => {
        const coef = at(nSupport, COEF_POOL);
        let sum = 0;
        for (let i = 0; i < nSupport; i++) sum += coefs[coef + i]!;
        return {
          sv: at(nSupport * d, POOL),
          coef,
          rows: at(rowsPerModel * d, POOL),
          intercept: -sum * typicalK,
        };
      };
      const shape = `d = ${String(d).padStart(2)}, ${String(nSupport).padStart(4)} SVs`;
      workloads.push({
        name: `one-d${d}-sv${nSupport}`,
        label: `1 model × ${sizes.rows.toLocaleString('en')} rows, ${shape}`,
        d,
        nSupport,
        gamma,
        rowsPerModel: sizes.rows,
        models: [model(sizes.rows)],
      });
      workloads.push({
        name: `many-d${d}-sv${nSupport}`,
        label: `${sizes.models.toLocaleString('en')} models × ${sizes.rowsPerModel} rows, ${shape}`,
        d,
        nSupport,
        gamma,
        rowsPerModel: sizes.rowsPerModel,
        models: Array.from({ length: sizes.models }, () => model(sizes.rowsPerModel)),
      });
    }
  }
  return { pool, coefs, workloads };
}

/** The OcsvmModel and rows of one bench model: views into the pools, nothing copied. */
export function benchModel(data: BenchData, w: Workload, m: BenchModel) {
  const model: OcsvmModel = {
    features: Array.from({ length: w.d }, (_, j) => `x${j}`),
    nFeatures: w.d,
    nSupport: w.nSupport,
    scaler: null,
    kernel: 'rbf',
    gamma: w.gamma,
    coef0: 0,
    degree: 3,
    supportVectors: data.pool.subarray(m.sv, m.sv + w.nSupport * w.d),
    dualCoef: data.coefs.subarray(m.coef, m.coef + w.nSupport),
    intercept: m.intercept,
    training: {},
  };
  return { model, rows: data.pool.subarray(m.rows, m.rows + w.rowsPerModel * w.d) };
}
