import { LOWER_BOUND, type SolverState, UPPER_BOUND } from './solver-state.js';

/**
 * libsvm's `Solver::calculate_rho` with y ≡ +1, over the active positions: the mean of G over
 * the free variables (0 < α < 1), which the KKT conditions make all equal to ρ at the optimum.
 * With none free, the midpoint of the interval the bounded ones allow:
 * ub = min { G : α = 0 }, lb = max { G : α = 1 }.
 */
export function calculateRho(s: SolverState): number {
  const { G, status } = s;
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < s.activeSize; i++) {
    const g = G[i]!;
    if (status[i] === UPPER_BOUND) {
      lb = Math.max(lb, g);
    } else if (status[i] === LOWER_BOUND) {
      ub = Math.min(ub, g);
    } else {
      nrFree++;
      sumFree += g;
    }
  }
  return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
}

/**
 * The dual objective as libsvm reports it (`obj`): ½ Σ αᵢ(Gᵢ + pᵢ) = ½ αᵀQα with Q in 32-bit
 * floats, summed over every position in the solver's order.
 */
export function dualObjective(s: SolverState): number {
  let v = 0;
  for (let i = 0; i < s.l; i++) v += s.alpha[i]! * s.G[i]!;
  return v / 2;
}
