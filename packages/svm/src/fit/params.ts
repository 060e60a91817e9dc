import type { Kernel } from '../model.js';
import { TrainingError } from './errors.js';

/** scikit-learn's `OneClassSVM` parameters (1.2 names in brackets), plus the scaler switch. */
export interface FitParams {
  /** [kernel] Default `'rbf'`. */
  kernel?: Kernel;
  /** [nu] Upper bound on the outlier fraction, lower bound on the SV fraction; (0, 1]. Default 0.5. */
  nu?: number;
  /**
   * [gamma] `'scale'`: 1 / (nFeatures · X.var()) over the (scaled) training matrix, 1 when that
   * variance is 0; `'auto'`: 1 / nFeatures; or a number ≥ 0. Default `'scale'`.
   */
  gamma?: 'scale' | 'auto' | number;
  /** [degree] poly only; a non-negative integer. Default 3. */
  degree?: number;
  /** [coef0] poly and sigmoid only. Default 0. */
  coef0?: number;
  /** [tol] Stop when the maximal violating pair's gap is below this; > 0. Default 1e-3. */
  tol?: number;
  /** [shrinking] libsvm's shrinking heuristic. Default true. */
  shrinking?: boolean;
  /**
   * [max_iter] Stop after this many SMO iterations (the model is then not optimal, and
   * `training.converged` is false). −1: scikit-learn's "no limit" — we still stop at upstream
   * libsvm's guard, max(10 000 000, 100·l). Default −1.
   */
  maxIter?: number;
  /**
   * Fit a StandardScaler first (scikit-learn's, population std; near-constant features get
   * scale 1) and store it in the model, as Pipeline([StandardScaler(), OneClassSVM()]) does.
   * Default false.
   */
  standardize?: boolean;
  /** Column names, one per feature, unique and non-empty. Default `x0 … x{d−1}`. */
  features?: readonly string[];
  /** [cache_size] The kernel column cache, in MB (2²⁰ bytes); > 0. Speed only. Default 200. */
  cacheSizeMb?: number;
}

/** FitParams with every default applied and every value checked. */
export type ResolvedParams = Required<FitParams>;

const KERNELS: readonly Kernel[] = ['rbf', 'linear', 'poly', 'sigmoid'];
const FIELDS = [
  'kernel',
  'nu',
  'gamma',
  'degree',
  'coef0',
  'tol',
  'shrinking',
  'maxIter',
  'standardize',
  'features',
  'cacheSizeMb',
];

/** Applies the defaults and checks each value; the first problem throws a TrainingError. */
export function resolveParams(params: FitParams, nFeatures: number): ResolvedParams {
  for (const key of Object.keys(params)) {
    if (!FIELDS.includes(key)) throw new TrainingError(key, 'unknown parameter');
  }
  const {
    kernel = 'rbf',
    nu = 0.5,
    gamma = 'scale',
    degree = 3,
    coef0 = 0,
    tol = 1e-3,
    shrinking = true,
    maxIter = -1,
    standardize = false,
    cacheSizeMb = 200,
  } = params;
  if (!KERNELS.includes(kernel)) bad('kernel', `one of ${KERNELS.join(', ')}`, kernel);
  // libsvm's svm_check_parameter: "nu <= 0 or nu > 1".
  if (!(Number.isFinite(nu) && nu > 0 && nu <= 1)) bad('nu', 'a number in (0, 1]', nu);
  if (gamma !== 'scale' && gamma !== 'auto' && !(Number.isFinite(gamma) && gamma >= 0)) {
    bad('gamma', "'scale', 'auto' or a finite number ≥ 0", gamma);
  }
  if (!(Number.isSafeInteger(degree) && degree >= 0)) bad('degree', 'an integer ≥ 0', degree);
  if (!Number.isFinite(coef0)) bad('coef0', 'a finite number', coef0);
  if (!(Number.isFinite(tol) && tol > 0)) bad('tol', 'a finite number > 0', tol);
  if (typeof shrinking !== 'boolean') bad('shrinking', 'a boolean', shrinking);
  if (!(Number.isSafeInteger(maxIter) && maxIter >= -1)) bad('maxIter', 'an integer ≥ −1', maxIter);
  if (typeof standardize !== 'boolean') bad('standardize', 'a boolean', standardize);
  if (!(Number.isFinite(cacheSizeMb) && cacheSizeMb > 0)) {
    bad('cacheSizeMb', 'a finite number > 0', cacheSizeMb);
  }
  const features = resolveFeatures(params.features, nFeatures);
  return {
    kernel,
    nu,
    gamma,
    degree,
    coef0,
    tol,
    shrinking,
    maxIter,
    standardize,
    features,
    cacheSizeMb,
  };
}

function resolveFeatures(names: readonly string[] | undefined, nFeatures: number): string[] {
  if (names === undefined) return Array.from({ length: nFeatures }, (_, j) => `x${j}`);
  if (!Array.isArray(names) || names.length !== nFeatures) {
    throw new TrainingError('features', `expected ${nFeatures} names, one per feature`);
  }
  const seen = new Set<string>();
  for (const [j, name] of names.entries()) {
    if (typeof name !== 'string' || name === '') bad(`features[${j}]`, 'a non-empty string', name);
    if (seen.has(name)) throw new TrainingError(`features[${j}]`, `duplicate name "${name}"`);
    seen.add(name);
  }
  return [...names];
}

function bad(field: string, expected: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new TrainingError(field, `expected ${expected}, got ${shown}`);
}
