import type { Kernel, OcsvmModel, Scaler } from '../model.js';
import { EstimatorState, fail } from './estimator-state.js';
import { describe, isInstance, isSequence, type PyValue } from './values.js';

/** Where the model came from, recorded in `training.importedFrom`. */
export interface ImportSource {
  readonly format: 'pickle' | 'joblib';
  readonly protocol: number;
  readonly compression: 'none' | 'zlib' | 'gzip';
}

const KERNELS: readonly string[] = ['rbf', 'linear', 'poly', 'sigmoid'] satisfies Kernel[];
const EXPECTED = 'a OneClassSVM, or a Pipeline of an optional StandardScaler and a OneClassSVM';

function isEstimator(value: PyValue, name: string): boolean {
  return isInstance(value) && value.cls.role === 'estimator' && value.cls.name === name;
}

/** The SVM, the scaler before it (if any) and the pipeline's step names (if a pipeline). */
function split(root: PyValue): { svm: PyValue; scaler: PyValue | null; steps: string[] | null } {
  if (isEstimator(root, 'OneClassSVM')) return { svm: root, scaler: null, steps: null };
  if (!isEstimator(root, 'Pipeline'))
    fail(`expected ${EXPECTED}; the file holds ${describe(root)}`);
  const raw = EstimatorState.of(root, 'the Pipeline').get('steps') ?? null;
  if (!isSequence(raw)) fail(`Pipeline.steps is ${describe(raw)}`);
  const steps = raw.map((step) =>
    isSequence(step) && step.length === 2 && typeof step[0] === 'string'
      ? { name: step[0], estimator: step[1] ?? null }
      : fail(`a Pipeline step is ${describe(step)}, not a (name, estimator) pair`),
  );
  // None and 'passthrough' steps pass rows through unchanged.
  const live = steps.filter((s) => s.estimator !== null && s.estimator !== 'passthrough');
  const [a, b] = live.map((s) => s.estimator);
  const names = steps.map((s) => s.name);
  if (live.length === 1 && isEstimator(a!, 'OneClassSVM'))
    return { svm: a!, scaler: null, steps: names };
  if (live.length === 2 && isEstimator(a!, 'StandardScaler') && isEstimator(b!, 'OneClassSVM')) {
    return { svm: b!, scaler: a!, steps: names };
  }
  const shown = live
    .map(({ name, estimator: e }) => `${name}: ${isInstance(e) ? e.cls.name : describe(e)}`)
    .join(', ');
  return fail(`a Pipeline of (${shown}) is not supported: expected ${EXPECTED}`);
}

/** StandardScaler: mean 0 without centring, scale 1 without scaling or when scale_ is None. */
function readScaler(s: EstimatorState, nFeatures: number): Scaler {
  const ones = new Float64Array(nFeatures).fill(1);
  const mean = s.boolean('with_mean', true)
    ? s.floats('mean_').values
    : new Float64Array(nFeatures);
  const withStd = s.boolean('with_std', true) && s.get('scale_') !== null;
  const scale = withStd ? s.floats('scale_').values : ones;
  if (mean.length !== nFeatures || scale.length !== nFeatures) {
    fail(
      `the StandardScaler has ${mean.length} means and ${scale.length} scales for ${nFeatures} features`,
    );
  }
  return { mean, scale };
}

function readKernel(s: EstimatorState): Kernel {
  const kernel = s.get('kernel') ?? null;
  if (typeof kernel === 'string' && KERNELS.includes(kernel)) return kernel as Kernel;
  return fail(
    `OneClassSVM kernel ${typeof kernel === 'string' ? `'${kernel}'` : describe(kernel)} is not supported (rbf, linear, poly, sigmoid)`,
  );
}

/**
 * The in-memory model from an unpickled estimator graph. Reads what libsvm's predict reads
 * (`_dual_coef_`, `_intercept_`, `_gamma`) and derives the support count from
 * `support_vectors_`: 0.19 stored uninitialised memory in `n_support_` for one-class models.
 */
export function extractModel(
  root: PyValue,
  source: ImportSource,
  features?: readonly string[],
): OcsvmModel {
  const parts = split(root);
  const svm = EstimatorState.of(parts.svm, 'the OneClassSVM');
  const impl = svm.get('_impl');
  if (impl !== undefined && impl !== 'one_class') fail(`OneClassSVM._impl is ${String(impl)}`);
  const kernel = readKernel(svm);
  if (!svm.has('support_vectors_')) fail('the OneClassSVM is not fitted (no support_vectors_)');
  const sv = svm.floats('support_vectors_');
  if (sv.shape.length !== 2) fail(`support_vectors_ has shape (${sv.shape.join(', ')})`);
  const [nSupport, nFeatures] = sv.shape as [number, number];
  const dual = svm.floats(svm.first('_dual_coef_', 'dual_coef_') ?? 'dual_coef_').values;
  if (dual.length !== nSupport)
    fail(`${dual.length} dual coefficients for ${nSupport} support vectors`);
  const intercept = readIntercept(svm);
  const gamma = svm.has('_gamma') ? svm.number('_gamma') : svm.number('gamma');
  if (gamma < 0) fail(`OneClassSVM gamma ${gamma} is negative`);
  const declared = svm.get('n_features_in_');
  if (typeof declared === 'number' && declared !== nFeatures) {
    fail(`n_features_in_ is ${declared} but the support vectors have ${nFeatures} features`);
  }
  const scaler =
    parts.scaler === null
      ? null
      : readScaler(EstimatorState.of(parts.scaler, 'the scaler'), nFeatures);
  const degree = svm.number('degree', 3);
  if (!Number.isInteger(degree) || degree < 0)
    fail(`OneClassSVM.degree ${degree} is not a non-negative integer`);
  return {
    features: featureNames(features, parts, nFeatures),
    nFeatures,
    nSupport,
    scaler,
    kernel,
    gamma,
    coef0: svm.number('coef0', 0),
    degree,
    supportVectors: sv.values,
    dualCoef: dual,
    intercept,
    training: provenance(svm, source, parts.steps),
  };
}

function readIntercept(svm: EstimatorState): number {
  const key = svm.first('_intercept_', 'intercept_');
  // offset_ (1.x) is −intercept_; only a fallback, intercept_ is what libsvm returns.
  const values = svm.floats(key ?? 'offset_').values;
  if (values.length !== 1) fail(`expected one intercept, found ${values.length}`);
  return key === undefined ? -values[0]! : values[0]!;
}

function featureNames(
  given: readonly string[] | undefined,
  parts: { svm: PyValue; scaler: PyValue | null },
  nFeatures: number,
): string[] {
  if (given !== undefined) {
    if (given.length !== nFeatures) {
      throw new RangeError(
        `${given.length} feature names given for a model of ${nFeatures} features`,
      );
    }
    return [...given];
  }
  // A pipeline's feature_names_in_ lives on its first step.
  const first = EstimatorState.of(parts.scaler ?? parts.svm, 'the first step');
  const names = first.featureNames();
  if (names !== null && names.length !== nFeatures) {
    fail(`feature_names_in_ has ${names.length} names for ${nFeatures} features`);
  }
  if (names !== null) return names;
  return Array.from({ length: nFeatures }, (_, i) => `x${i}`);
}

function provenance(svm: EstimatorState, source: ImportSource, steps: string[] | null) {
  const version = svm.get('_sklearn_version');
  const shape = svm.get('shape_fit_') ?? null;
  // The fit parameters, as given (gamma may be 'scale' or 'auto'; the model has it resolved).
  const params: Record<string, unknown> = {};
  for (const key of ['kernel', 'gamma', 'nu', 'tol', 'shrinking']) {
    const value = svm.get(key);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params[key] = value;
    }
  }
  return {
    importedFrom: { ...source },
    estimator: svm.path,
    ...(typeof version === 'string' ? { sklearn: version } : {}),
    ...(steps === null ? {} : { pipeline: steps }),
    ...(isSequence(shape) && typeof shape[0] === 'number' ? { nSamples: shape[0] } : {}),
    params,
  };
}
