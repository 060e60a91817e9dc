import { type KernelParams, powi } from '../kernels.js';
import { ColumnCache } from './column-cache.js';

/**
 * libsvm's `ONE_CLASS_Q` (a `Kernel` with a `Cache`): Q = K on the training rows, served a
 * column at a time as 32-bit floats, with the diagonal QD in double. The solver reorders the
 * problem as it shrinks (`swapIndex`); `perm[i]` is the training row now at position i, and
 * columns, squares and QD move with it.
 *
 * Kernel values are computed as libsvm's *training* kernels (`Kernel::kernel_*`), which differ
 * from prediction's `k_function` for rbf: exp(−γ(‖xᵢ‖² + ‖xⱼ‖² − 2xᵢ·xⱼ)) with the squares
 * precomputed — the expanded form, rounding included, so that we walk the same path as libsvm.
 * Dot products sum in index order (libsvm's own `dot`; scikit-learn's BLAS does the same below
 * 16 features, and regroups the sum above).
 */
export class OneClassQ {
  /** QD[i] = K(xᵢ, xᵢ) in double (libsvm's get_QD), in the current order. */
  readonly QD: Float64Array;
  private readonly perm: Int32Array;
  /** ‖xᵢ‖² for rbf (libsvm's x_square), in the current order. */
  private readonly squares: Float64Array;
  private readonly cache: ColumnCache;

  /** `x`: l × d row-major training rows (already scaled); `cacheBytes`: libsvm's budget. */
  constructor(
    private readonly x: Float64Array,
    l: number,
    private readonly d: number,
    private readonly kernel: KernelParams,
    cacheBytes: number,
  ) {
    this.perm = Int32Array.from({ length: l }, (_, i) => i);
    this.squares = new Float64Array(l);
    if (kernel.kernel === 'rbf') {
      for (let i = 0; i < l; i++) this.squares[i] = this.dot(i, i);
    }
    this.cache = new ColumnCache(l, cacheBytes);
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) this.QD[i] = this.value(i, i);
  }

  /** Column i of Q, rows [0, len) valid (libsvm's get_Q). Valid until the next getQ/swapIndex. */
  getQ(i: number, len: number): Float32Array {
    const start = this.cache.getData(i, len);
    const data = this.cache.column(i);
    if (start < len) this.fill(i, data, start, len);
    return data;
  }

  /** Positions i and j trade places (ONE_CLASS_Q::swap_index, then Kernel::swap_index). */
  swapIndex(i: number, j: number): void {
    this.cache.swapIndex(i, j);
    swap(this.perm, i, j);
    swap(this.squares, i, j);
    swap(this.QD, i, j);
  }

  /** K between the rows at positions i and j, as libsvm's kernel_linear/poly/rbf/sigmoid. */
  private value(i: number, j: number): number {
    const { kernel, gamma, coef0, degree } = this.kernel;
    switch (kernel) {
      case 'rbf':
        return Math.exp(-gamma * (this.squares[i]! + this.squares[j]! - 2 * this.dot(i, j)));
      case 'linear':
        return this.dot(i, j);
      case 'poly':
        return powi(gamma * this.dot(i, j) + coef0, degree);
      case 'sigmoid':
        return Math.tanh(gamma * this.dot(i, j) + coef0);
    }
  }

  /**
   * data[j] = K(i, j) for j in [start, len): `value` with the kernel switch hoisted out of the
   * loop (the hot path of training). Assigning into the Float32Array rounds to nearest, as
   * libsvm's (Qfloat) cast does.
   */
  private fill(i: number, data: Float32Array, start: number, len: number): void {
    if (this.kernel.kernel !== 'rbf') {
      for (let j = start; j < len; j++) data[j] = this.value(i, j);
      return;
    }
    const { x, d, perm, squares } = this;
    const gamma = this.kernel.gamma;
    const a = perm[i]! * d;
    const squareI = squares[i]!;
    for (let j = start; j < len; j++) {
      const b = perm[j]! * d;
      let dot = 0; // this.dot(i, j), inlined
      for (let k = 0; k < d; k++) dot += x[a + k]! * x[b + k]!;
      data[j] = Math.exp(-gamma * (squareI + squares[j]! - 2 * dot));
    }
  }

  private dot(i: number, j: number): number {
    const { x, d } = this;
    const a = this.perm[i]! * d;
    const b = this.perm[j]! * d;
    let sum = 0;
    for (let k = 0; k < d; k++) sum += x[a + k]! * x[b + k]!;
    return sum;
  }
}

function swap(a: Float64Array | Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
