import type { OneClassQ } from './kernel-matrix.js';

/** libsvm's `alpha_status` values. */
export const LOWER_BOUND = 0;
export const UPPER_BOUND = 1;
export const FREE = 2;

/** libsvm's TAU: the curvature used along a pair where Q is not positive definite. */
export const TAU = 1e-12;

/**
 * The variables of libsvm's `Solver` for the one-class dual
 *
 *   min ½ αᵀQα   subject to   Σαᵢ = ν·l (kept from the start),  0 ≤ αᵢ ≤ 1,
 *
 * specialised to what `solve_one_class` passes: y ≡ +1, p ≡ 0 and C ≡ 1 (scikit-learn's sample
 * weights, all 1). With y ≡ +1 every `y[i]·G[i]` is G[i] and every `y[i]·y[j]` is 1, so the
 * general code reduces to the expressions here with the same floating-point operations.
 *
 * Everything is indexed by position, not training row: shrinking moves inactive variables past
 * `activeSize` by swapping positions (`swapIndex`), and `activeSet[i]` is the row at position i.
 */
export interface SolverState {
  readonly l: number;
  readonly Q: OneClassQ;
  /** Q's diagonal (moves with the positions). */
  readonly QD: Float64Array;
  /** The stopping tolerance (scikit-learn's `tol`). */
  readonly eps: number;
  readonly alpha: Float64Array;
  readonly status: Uint8Array;
  /** The gradient Qα (+ p, which is 0). Exact on [0, activeSize); stale beyond until rebuilt. */
  readonly G: Float64Array;
  /** G_bar: Σ over upper-bound j of C·Q_j, so that `reconstruct_gradient` can rebuild G. */
  readonly GBar: Float64Array;
  readonly activeSet: Int32Array;
  activeSize: number;
  /** Set once the gradient was rebuilt near the optimum (libsvm's `unshrink`). */
  unshrink: boolean;
  /** select_working_set's output pair (i, j). */
  readonly pair: Int32Array;
}

/** Solver::Solve's set-up: status from the starting α, everything active, G = Qα, G_bar. */
export function createState(Q: OneClassQ, alpha0: Float64Array, eps: number): SolverState {
  const l = alpha0.length;
  const s: SolverState = {
    l,
    Q,
    QD: Q.QD,
    eps,
    alpha: Float64Array.from(alpha0),
    status: new Uint8Array(l),
    G: new Float64Array(l),
    GBar: new Float64Array(l),
    activeSet: Int32Array.from({ length: l }, (_, i) => i),
    activeSize: l,
    unshrink: false,
    pair: new Int32Array(2),
  };
  for (let i = 0; i < l; i++) updateAlphaStatus(s, i);
  const { alpha, status, G, GBar } = s;
  for (let i = 0; i < l; i++) {
    if (status[i] === LOWER_BOUND) continue;
    const Qi = Q.getQ(i, l);
    const alphaI = alpha[i]!;
    for (let j = 0; j < l; j++) G[j] = G[j]! + alphaI * Qi[j]!;
    // G_bar += C·Q_i with C = 1: the product is Q_i[j] exactly.
    if (status[i] === UPPER_BOUND) for (let j = 0; j < l; j++) GBar[j] = GBar[j]! + Qi[j]!;
  }
  return s;
}

/** update_alpha_status with C = 1. */
export function updateAlphaStatus(s: SolverState, i: number): void {
  const a = s.alpha[i]!;
  s.status[i] = a >= 1 ? UPPER_BOUND : a <= 0 ? LOWER_BOUND : FREE;
}

/** Solver::swap_index: positions i and j trade every per-variable value (y, p, C are constant). */
export function swapIndex(s: SolverState, i: number, j: number): void {
  s.Q.swapIndex(i, j); // also swaps QD, which s.QD aliases
  swap(s.G, i, j);
  swap(s.status, i, j);
  swap(s.alpha, i, j);
  swap(s.activeSet, i, j);
  swap(s.GBar, i, j);
}

function swap(a: Float64Array | Int32Array | Uint8Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
