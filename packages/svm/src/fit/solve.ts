import type { OneClassQ } from './kernel-matrix.js';
import { calculateRho, dualObjective } from './rho.js';
import { doShrinking, reconstructGradient } from './shrinking.js';
import {
  createState,
  type SolverState,
  TAU,
  UPPER_BOUND,
  updateAlphaStatus,
} from './solver-state.js';
import { selectWorkingSet } from './working-set.js';

export interface SolveResult {
  /** The solution, indexed by training row. */
  readonly alpha: Float64Array;
  readonly rho: number;
  /** libsvm's `obj`: ½ αᵀQα. */
  readonly objective: number;
  /** SMO iterations (scikit-learn's `n_iter_`). */
  readonly nIter: number;
  /** False when the iteration limit stopped the solver before the tolerance was met. */
  readonly converged: boolean;
}

/**
 * libsvm's `Solver::Solve` as scikit-learn 1.2 ships it, for the one-class dual (see
 * SolverState): SMO on the pair `select_working_set` picks, shrinking every min(l, 1000)
 * iterations, and a final check on the whole set before stopping. `maxIter` −1 means no limit
 * (scikit-learn); we still stop at upstream libsvm's guard, max(10⁷, 100·l), so that no input
 * can loop forever. On an iteration limit, like scikit-learn, we stop where we are: ρ comes
 * from the active set and the objective from the gradient as it stands.
 */
export function solve(
  Q: OneClassQ,
  alpha0: Float64Array,
  eps: number,
  shrinking: boolean,
  maxIter: number,
): SolveResult {
  const s = createState(Q, alpha0, eps);
  const l = s.l;
  const limit = maxIter === -1 ? Math.max(10_000_000, 100 * l) : maxIter;
  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let converged = true;

  for (;;) {
    if (iter >= limit) {
      converged = false;
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (shrinking) doShrinking(s);
    }
    if (selectWorkingSet(s)) {
      // Optimal on the active set: rebuild the whole gradient and check everything.
      reconstructGradient(s);
      s.activeSize = l;
      if (selectWorkingSet(s)) break;
      counter = 1; // shrink at the next iteration
    }
    iter++;
    updatePair(s, s.pair[0]!, s.pair[1]!);
  }

  const rho = calculateRho(s);
  const objective = dualObjective(s);
  const alpha = new Float64Array(l);
  for (let i = 0; i < l; i++) alpha[s.activeSet[i]!] = s.alpha[i]!;
  return { alpha, rho, objective, nIter: iter, converged };
}

/**
 * One SMO step on (i, j), libsvm's `y[i] == y[j]` branch with C_i = C_j = 1: move along
 * αᵢ + αⱼ = const by the Newton step (Gᵢ − Gⱼ)/a_ij, clip to the box, update G on the active
 * set, then G_bar for any variable that reached or left the upper bound.
 */
function updatePair(s: SolverState, i: number, j: number): void {
  const { alpha, G, QD, status, Q, activeSize } = s;
  const Qi = Q.getQ(i, activeSize);
  const Qj = Q.getQ(j, activeSize);
  const oldAi = alpha[i]!;
  const oldAj = alpha[j]!;

  let quadCoef = QD[i]! + QD[j]! - 2 * Qi[j]!;
  if (quadCoef <= 0) quadCoef = TAU;
  const delta = (G[i]! - G[j]!) / quadCoef;
  const sum = oldAi + oldAj;
  let ai = oldAi - delta;
  let aj = oldAj + delta;
  // Back into the box along αᵢ + αⱼ = sum, in libsvm's order of tests.
  if (sum > 1) {
    if (ai > 1) {
      ai = 1;
      aj = sum - 1;
    }
  } else if (aj < 0) {
    aj = 0;
    ai = sum;
  }
  if (sum > 1) {
    if (aj > 1) {
      aj = 1;
      ai = sum - 1;
    }
  } else if (ai < 0) {
    ai = 0;
    aj = sum;
  }
  alpha[i] = ai;
  alpha[j] = aj;

  const dAi = ai - oldAi;
  const dAj = aj - oldAj;
  for (let k = 0; k < activeSize; k++) G[k] = G[k]! + (Qi[k]! * dAi + Qj[k]! * dAj);

  const wasUpperI = status[i] === UPPER_BOUND;
  const wasUpperJ = status[j] === UPPER_BOUND;
  updateAlphaStatus(s, i);
  updateAlphaStatus(s, j);
  updateGBar(s, i, wasUpperI);
  updateGBar(s, j, wasUpperJ);
}

/**
 * G_bar ∓= C·Q_k over all l rows (C = 1, so the product is Q_k exactly) when α_k reached or
 * left the upper bound. The column is fetched anew at full length: the pair's were cut at
 * the active size.
 */
function updateGBar(s: SolverState, k: number, wasUpper: boolean): void {
  if (wasUpper === (s.status[k] === UPPER_BOUND)) return;
  const { GBar, l } = s;
  const Qk = s.Q.getQ(k, l);
  if (wasUpper) for (let m = 0; m < l; m++) GBar[m] = GBar[m]! - Qk[m]!;
  else for (let m = 0; m < l; m++) GBar[m] = GBar[m]! + Qk[m]!;
}
