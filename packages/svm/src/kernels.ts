import type { OcsvmModel } from './model.js';

/**
 * K(x, y) for two vectors of `n` values stored inside larger Float64Arrays: x starts at
 * `a[aStart]`, y at `b[bStart]`. Offsets rather than views, so that a caller walking a
 * row-major matrix allocates nothing per pair.
 */
export type KernelFunction = (
  a: Float64Array,
  aStart: number,
  b: Float64Array,
  bStart: number,
  n: number,
) => number;

export type KernelParams = Pick<OcsvmModel, 'kernel' | 'gamma' | 'coef0' | 'degree'>;

/**
 * The kernel as libsvm's `Kernel::k_function` evaluates it for prediction (x = the scaled
 * row, y = a support vector), operation for operation: sums run in index order, rbf works on
 * the difference x − y (not ‖x‖² + ‖y‖² − 2x·y, which loses digits far from the origin) and
 * poly raises by libsvm's `powi`. scikit-learn's build takes its dot products from the BLAS,
 * which may sum in another order; the difference stays at rounding level.
 */
export function kernelFunction({ kernel, gamma, coef0, degree }: KernelParams): KernelFunction {
  switch (kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return (a, aStart, b, bStart, n) =>
        powi(gamma * dot(a, aStart, b, bStart, n) + coef0, degree);
    case 'rbf':
      return (a, aStart, b, bStart, n) =>
        Math.exp(-gamma * squaredDistance(a, aStart, b, bStart, n));
    case 'sigmoid':
      return (a, aStart, b, bStart, n) => Math.tanh(gamma * dot(a, aStart, b, bStart, n) + coef0);
  }
}

export function dot(a: Float64Array, aStart: number, b: Float64Array, bStart: number, n: number) {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += a[aStart + j]! * b[bStart + j]!;
  return sum;
}

/** ‖x − y‖², summed over the differences in index order. */
export function squaredDistance(
  a: Float64Array,
  aStart: number,
  b: Float64Array,
  bStart: number,
  n: number,
): number {
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const d = a[aStart + j]! - b[bStart + j]!;
    sum += d * d;
  }
  return sum;
}

/**
 * base^times by repeated squaring, exactly as libsvm's `powi` (so rounding matches; Math.pow
 * may round differently). `times` is a non-negative integer; powi(x, 0) is 1, even for 0.
 */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}
