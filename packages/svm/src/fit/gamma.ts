import { numpyVariance } from './numpy-sum.js';
import type { ResolvedParams } from './params.js';

/**
 * scikit-learn's `_gamma` (BaseLibSVM.fit): 'scale' is 1 / (d · X.var()) over every element of
 * the training matrix as the SVM sees it (scaled, with standardize), or 1 when that variance is
 * 0; 'auto' is 1 / d; a number is used as it is.
 */
export function resolveGamma(gamma: ResolvedParams['gamma'], x: Float64Array, d: number): number {
  if (gamma === 'auto') return 1 / d;
  if (gamma !== 'scale') return gamma;
  const variance = numpyVariance(x);
  return variance !== 0 ? 1 / (d * variance) : 1;
}
