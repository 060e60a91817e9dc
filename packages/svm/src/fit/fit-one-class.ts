import type { OcsvmModel, Scaler } from '../model.js';
import { TrainingError } from './errors.js';
import { resolveGamma } from './gamma.js';
import { OneClassQ } from './kernel-matrix.js';
import { type FitParams, resolveParams } from './params.js';
import { solve } from './solve.js';
import { applyScaler, fitStandardScaler } from './standard-scaler.js';
import { checkFeatureCount, checkTrainingRows } from './training-rows.js';

/**
 * Fits a one-class SVM the way scikit-learn 1.2's `OneClassSVM.fit` does (libsvm's SMO solver,
 * see solve.ts), optionally behind a StandardScaler as `Pipeline([StandardScaler(),
 * OneClassSVM()])`. `rows` is row-major, l × nFeatures, finite. Throws a TrainingError on bad
 * input. Deterministic: the same input gives the same model, bit for bit.
 *
 * The model holds the support vectors (rows with α > 0, in training order, in the scaled
 * space), their α (`dualCoef`, summing to ν·l, each ≤ 1) and intercept = −ρ; `training`
 * reports what the solver did (no timestamp, so that output depends on input alone).
 */
export function fitOneClassSvm(
  rows: Float64Array,
  nFeatures: number,
  params: FitParams = {},
): OcsvmModel {
  checkFeatureCount(nFeatures);
  const p = resolveParams(params, nFeatures);
  const d = nFeatures;
  const l = checkTrainingRows(rows, d, p.features);
  const scaler: Scaler | null = p.standardize ? fitStandardScaler(rows, l, d) : null;
  // The rows the SVM sees; read only (support vectors are copied out of it).
  const x = scaler === null ? rows : applyScaler(scaler, rows, l, d);
  const gamma = resolveGamma(p.gamma, x, d);
  const kernel = { kernel: p.kernel, gamma, coef0: p.coef0, degree: p.degree };

  const Q = new OneClassQ(x, l, d, kernel, Math.floor(p.cacheSizeMb * 2 ** 20));
  const result = solve(Q, initialAlpha(p.nu, l), p.tol, p.shrinking, p.maxIter);
  if (!Number.isFinite(result.rho) || !result.alpha.every(Number.isFinite)) {
    // scikit-learn's BaseLibSVM.fit refuses the same results ("The dual coefficients or
    // intercepts are not finite"). With ν = 1 every α sits at its upper bound, none is free
    // or at 0, and calculate_rho's midpoint is (∞ + lb)/2.
    throw new TrainingError(
      p.nu === 1 ? 'nu' : 'rows',
      p.nu === 1
        ? 'ν = 1 puts every α at its upper bound, which leaves ρ infinite; use a ν below 1'
        : 'the solver produced a non-finite ρ or α; the kernel values overflow (scale the data)',
    );
  }

  // libsvm's svm_train: the support vectors are the rows with |α| > 0, in training order.
  const support: number[] = [];
  for (let i = 0; i < l; i++) if (Math.abs(result.alpha[i]!) > 0) support.push(i);
  const supportVectors = new Float64Array(support.length * d);
  for (const [k, row] of support.entries()) {
    supportVectors.set(x.subarray(row * d, (row + 1) * d), k * d);
  }

  return {
    features: [...p.features],
    nFeatures: d,
    nSupport: support.length,
    scaler,
    ...kernel,
    supportVectors,
    dualCoef: Float64Array.from(support, (row) => result.alpha[row]!),
    intercept: -result.rho,
    training: {
      solver: 'libsvm-smo',
      nIter: result.nIter,
      converged: result.converged,
      objective: result.objective,
      rho: result.rho,
      nSamples: l,
      nu: p.nu,
      gamma,
      gammaParam: p.gamma,
      kernel: p.kernel,
      tol: p.tol,
      shrinking: p.shrinking,
      maxIter: p.maxIter,
      standardize: p.standardize,
    },
  };
}

/**
 * scikit-learn's `solve_one_class` start: ν·l accumulated as Σᵢ Wᵢ·ν (all Wᵢ = 1, summed in
 * order, so it may differ from ν·l in the last bit), then handed out greedily: α = 1 while at
 * least 1 is left, the remainder to the next row, 0 after. Upstream libsvm computes
 * n = ⌊ν·l⌋ instead; the two agree up to that rounding.
 */
export function initialAlpha(nu: number, l: number): Float64Array {
  const alpha = new Float64Array(l);
  let nuL = 0;
  for (let i = 0; i < l; i++) nuL += 1 * nu;
  // The sum never exceeds l (ν ≤ 1 and rounding is monotone); i < l guards it anyway.
  for (let i = 0; nuL > 0 && i < l; i++) {
    alpha[i] = Math.min(1, nuL); // libsvm's min(C[i], nu_l)
    nuL -= alpha[i]!;
  }
  return alpha;
}
