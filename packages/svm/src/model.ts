/** The kernels libsvm offers for a one-class model (scikit-learn's `kernel` parameter). */
export type Kernel = 'rbf' | 'linear' | 'poly' | 'sigmoid';

/** The identifier of the JSON model document this package reads and writes. */
export const MODEL_FORMAT = 'fleetscore.ocsvm/v1';

/** A StandardScaler: z = (x − mean) / scale, per feature. A zero scale entry acts as 1. */
export interface Scaler {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * A fitted one-class SVM, in memory. Invariants (enforced by `parseModel` and the fitter):
 * `supportVectors.length === nSupport × nFeatures` (row-major, in the scaled space),
 * `dualCoef.length === nSupport`, scaler arrays (when present) have length `nFeatures`.
 */
export interface OcsvmModel {
  readonly features: readonly string[];
  readonly nFeatures: number;
  readonly nSupport: number;
  readonly scaler: Scaler | null;
  readonly kernel: Kernel;
  /** The resolved gamma (never 'scale' or 'auto' once fitted). */
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
  /** Row-major nSupport × nFeatures. */
  readonly supportVectors: Float64Array;
  /** scikit-learn's `dual_coef_[0]`. */
  readonly dualCoef: Float64Array;
  /** scikit-learn's `intercept_[0]` (= −ρ). */
  readonly intercept: number;
  /** Free-form provenance: params, sample count, source file, library versions, time. */
  readonly training: Readonly<Record<string, unknown>>;
}
