import type { Scaler } from '../model.js';
import { scaleRow } from '../scaler.js';
import { numpySum } from './numpy-sum.js';

/**
 * scikit-learn 1.2's `StandardScaler().fit(X)` on l × d row-major rows, operation for
 * operation (`_incremental_mean_and_var` from a fresh state, then `_is_constant_feature`):
 *   mean  = Σx / l
 *   var   = (Σ(x − mean)² − (Σ(x − mean))² / l) / l      (corrected two-pass, ddof = 0)
 *   scale = √var, or 1 where var ≤ l·ε·var + (l·mean·ε)² (a constant feature up to rounding)
 * The column sums follow numpy's order for an axis-0 reduction: row by row when d > 1, and
 * numpy's pairwise summation when d = 1 (the (l, 1) array reduces like a flat one).
 */
export function fitStandardScaler(rows: Float64Array, l: number, d: number): Scaler {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  const centered = new Float64Array(l);
  const squares = new Float64Array(l);
  for (let j = 0; j < d; j++) {
    const m = columnSum(rows, j, l, d) / l;
    for (let r = 0; r < l; r++) {
      const c = rows[r * d + j]! - m;
      centered[r] = c;
      squares[r] = c * c;
    }
    const correction = columnSum(centered, 0, l, 1, d === 1);
    const unnormalized = columnSum(squares, 0, l, 1, d === 1) - (correction * correction) / l;
    const variance = unnormalized / l;
    const bound = l * m * Number.EPSILON; // squared by multiplying, as numpy's ** 2 does
    const constant = variance <= l * Number.EPSILON * variance + bound * bound;
    mean[j] = m;
    scale[j] = constant ? 1 : Math.sqrt(variance);
  }
  return { mean, scale };
}

/** StandardScaler.transform: a new l × d matrix z = (x − mean) / scale (subtract, then divide). */
export function applyScaler(scaler: Scaler, rows: Float64Array, l: number, d: number) {
  const out = new Float64Array(rows.length);
  const z = new Float64Array(d);
  for (let r = 0; r < l; r++) {
    scaleRow(scaler, rows, r * d, d, z);
    out.set(z, r * d);
  }
  return out;
}

/** Σ over the l values of column j (stride d): pairwise like numpy when `pairwise`, else in order. */
function columnSum(a: Float64Array, j: number, l: number, d: number, pairwise = d === 1): number {
  if (pairwise) return numpySum(a, j, l, d);
  let sum = 0;
  for (let r = 0; r < l; r++) sum += a[r * d + j]!;
  return sum;
}
