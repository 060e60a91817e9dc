/**
 * Sums in numpy's order, so that the statistics scikit-learn derives from them (the scaler's
 * mean and scale, gamma='scale') come out bit for bit equal. Checked against numpy 1.24.
 */

/** numpy's `pairwise_sum_DOUBLE` block size (PW_BLOCKSIZE). */
const BLOCK = 128;
/** numpy's default ufunc buffer: a long contiguous reduction is summed in chunks of this many. */
const BUFFER = 8192;

/**
 * `np.sum` of a contiguous run of n values (`a[start]`, `a[start + stride]`, …): pairwise
 * summation within chunks of 8192 values, and the chunk sums added in order.
 */
export function numpySum(a: Float64Array, start: number, n: number, stride = 1): number {
  let sum = 0;
  for (let done = 0; done < n; done += BUFFER) {
    sum += pairwiseSum(a, start + done * stride, Math.min(BUFFER, n - done), stride);
  }
  return sum;
}

/** numpy's pairwise_sum_DOUBLE: 8 interleaved accumulators up to 128 values, halves above. */
export function pairwiseSum(a: Float64Array, start: number, n: number, stride: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride]!;
    return res;
  }
  if (n <= BLOCK) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j * stride]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j]! + a[start + (i + j) * stride]!;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i * stride]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}

/** numpy's `X.var()` over every element (ddof = 0): mean = Σx/n, then Σ(x − mean)²/n. */
export function numpyVariance(values: Float64Array): number {
  const n = values.length;
  const mean = numpySum(values, 0, n) / n;
  const squares = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const d = values[k]! - mean;
    squares[k] = d * d;
  }
  return numpySum(squares, 0, n) / n;
}
