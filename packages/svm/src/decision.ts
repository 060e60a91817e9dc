import { referenceDecision } from './decision-reference.js';
import type { OcsvmModel } from './model.js';
import { rbfDecisionSimd } from './rbf-simd/score.js';

/**
 * libsvm's one-class decision value for each row: Σᵢ dualCoefᵢ·K(z, svᵢ) + intercept, z the
 * scaled row, summed over the support vectors in order (as `svm_predict_values` does; its
 * `sum -= rho` with rho = −intercept is the same operation). `rows` is row-major,
 * `n × model.nFeatures` long. Positive: inlier. Values are not checked: a NaN gives NaN.
 *
 * rbf models (up to 256 features) run on a WebAssembly SIMD kernel that performs the same
 * floating-point operations in the same order, so the result is identical to the reference
 * loop (`decision-reference.ts`), which scores the other kernels.
 */
export function decisionFunction(model: OcsvmModel, rows: Float64Array): Float64Array {
  const out = new Float64Array(rowCount(model, rows));
  if (out.length > 0 && !rbfDecisionSimd(model, rows, out)) referenceDecision(model, rows, out);
  return out;
}

/** scikit-learn's `score_samples`: the decision without the intercept (decision − intercept). */
export function scoreSamples(model: OcsvmModel, rows: Float64Array): Float64Array {
  const scores = decisionFunction(model, rows);
  for (let r = 0; r < scores.length; r++) scores[r] = scores[r]! - model.intercept;
  return scores;
}

/**
 * +1 (inlier) where the decision is strictly positive, −1 (outlier) otherwise: a decision of
 * exactly 0, or NaN, is an outlier, as in libsvm (`sum > 0 ? 1 : -1`).
 */
export function predict(model: OcsvmModel, rows: Float64Array): Int8Array {
  const decisions = decisionFunction(model, rows);
  const out = new Int8Array(decisions.length);
  for (let r = 0; r < decisions.length; r++) out[r] = decisions[r]! > 0 ? 1 : -1;
  return out;
}

/** The number of rows in `rows`; a RangeError unless its length is a multiple of nFeatures. */
function rowCount(model: OcsvmModel, rows: Float64Array): number {
  if (rows.length % model.nFeatures !== 0) {
    throw new RangeError(
      `rows has ${rows.length} values, not a multiple of the model's ${model.nFeatures} features`,
    );
  }
  return rows.length / model.nFeatures;
}
