import type { Scaler } from './model.js';

/**
 * Writes one row (n values from `rows[start]`) into `out`, scaled as scikit-learn's
 * StandardScaler.transform does: z = (x − mean) / scale, subtract then divide (a multiply by
 * the reciprocal would round differently). A zero scale entry divides by 1, the rule
 * scikit-learn applies to constant features.
 */
export function scaleRow(
  { mean, scale }: Scaler,
  rows: Float64Array,
  start: number,
  n: number,
  out: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    const s = scale[j]!;
    out[j] = (rows[start + j]! - mean[j]!) / (s === 0 ? 1 : s);
  }
}
