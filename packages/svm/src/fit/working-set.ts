import { LOWER_BOUND, type SolverState, TAU, UPPER_BOUND } from './solver-state.js';

/**
 * libsvm's `Solver::select_working_set` (WSS 2 of Fan, Chen & Lin, JMLR 2005) with y ≡ +1,
 * over the active positions:
 *   i = argmax { −G_t : α_t < 1 }                          (first-order: most violating)
 *   j = argmin { −(G_t − G_i)² / a_it : α_t > 0, G_t > G_i }  (second-order: largest decrease)
 * where a_it = QD_i + QD_t − 2Q_it, or TAU when that is ≤ 0. Ties go to the later position
 * (libsvm compares with >= and <=). Writes (i, j) to `s.pair` and returns false; returns true
 * when the active set is optimal: Gmax + Gmax2 < eps with Gmax = −G_i and
 * Gmax2 = max { G_t : α_t > 0 } (or when no j qualifies).
 */
export function selectWorkingSet(s: SolverState): boolean {
  const { G, QD, status, activeSize } = s;
  let gmax = -Infinity;
  let gmax2 = -Infinity;
  let gmaxIdx = -1;
  let gminIdx = -1;
  let objDiffMin = Infinity;

  for (let t = 0; t < activeSize; t++) {
    if (status[t] !== UPPER_BOUND && -G[t]! >= gmax) {
      gmax = -G[t]!;
      gmaxIdx = t;
    }
  }

  const i = gmaxIdx;
  // With i = −1, gmax = −∞ and no gradDiff is > 0, so Q_i is never read (as in libsvm).
  const Qi = i !== -1 ? s.Q.getQ(i, activeSize) : null;
  const QDi = i !== -1 ? QD[i]! : 0;

  for (let j = 0; j < activeSize; j++) {
    if (status[j] === LOWER_BOUND) continue;
    const Gj = G[j]!;
    const gradDiff = gmax + Gj;
    if (Gj >= gmax2) gmax2 = Gj;
    if (gradDiff > 0) {
      // libsvm: QD[i] + QD[j] − 2.0·y[i]·Q_i[j], with y[i] = 1.
      const quadCoef = QDi + QD[j]! - 2 * Qi![j]!;
      const objDiff =
        quadCoef > 0 ? -(gradDiff * gradDiff) / quadCoef : -(gradDiff * gradDiff) / TAU;
      if (objDiff <= objDiffMin) {
        gminIdx = j;
        objDiffMin = objDiff;
      }
    }
  }

  if (gmax + gmax2 < s.eps || gminIdx === -1) return true;
  s.pair[0] = gmaxIdx;
  s.pair[1] = gminIdx;
  return false;
}
