import { FREE, LOWER_BOUND, type SolverState, swapIndex, UPPER_BOUND } from './solver-state.js';

/**
 * libsvm's `Solver::do_shrinking` with y ≡ +1. Gmax1 = max { −G_t : α_t < 1 } and
 * Gmax2 = max { G_t : α_t > 0 } over the active set (their sum is the current violation).
 * Once the violation is within 10·eps the first time, the whole gradient is rebuilt and every
 * variable re-activated (`unshrink`). Then each bounded variable that cannot be part of a
 * violating pair (`be_shrunk`) is swapped past the end of the active set.
 */
export function doShrinking(s: SolverState): void {
  const { G, status } = s;
  let gmax1 = -Infinity;
  let gmax2 = -Infinity;
  for (let i = 0; i < s.activeSize; i++) {
    if (status[i] !== UPPER_BOUND && -G[i]! >= gmax1) gmax1 = -G[i]!;
    if (status[i] !== LOWER_BOUND && G[i]! >= gmax2) gmax2 = G[i]!;
  }

  if (!s.unshrink && gmax1 + gmax2 <= s.eps * 10) {
    s.unshrink = true;
    reconstructGradient(s);
    s.activeSize = s.l;
  }

  for (let i = 0; i < s.activeSize; i++) {
    if (!beShrunk(s, i, gmax1, gmax2)) continue;
    s.activeSize--;
    while (s.activeSize > i) {
      if (!beShrunk(s, s.activeSize, gmax1, gmax2)) {
        swapIndex(s, i, s.activeSize);
        break;
      }
      s.activeSize--;
    }
  }
}

/** be_shrunk: at the upper bound with −G > Gmax1, or at the lower bound with G > Gmax2. */
function beShrunk(s: SolverState, i: number, gmax1: number, gmax2: number): boolean {
  const status = s.status[i];
  if (status === UPPER_BOUND) return -s.G[i]! > gmax1;
  if (status === LOWER_BOUND) return s.G[i]! > gmax2;
  return false;
}

/**
 * libsvm's `Solver::reconstruct_gradient`: G on the inactive positions from G_bar (the bounded
 * variables' part) plus the free variables' columns, by whichever loop reads less of Q.
 */
export function reconstructGradient(s: SolverState): void {
  const { l, activeSize, G, GBar, alpha, status, Q } = s;
  if (activeSize === l) return;
  for (let j = activeSize; j < l; j++) G[j] = GBar[j]!; // + p[j], which is 0
  let nrFree = 0;
  for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;

  if (nrFree * l > 2 * activeSize * (l - activeSize)) {
    for (let i = activeSize; i < l; i++) {
      const Qi = Q.getQ(i, activeSize);
      for (let j = 0; j < activeSize; j++) {
        if (status[j] === FREE) G[i] = G[i]! + alpha[j]! * Qi[j]!;
      }
    }
  } else {
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== FREE) continue;
      const Qi = Q.getQ(i, l);
      const alphaI = alpha[i]!;
      for (let j = activeSize; j < l; j++) G[j] = G[j]! + alphaI * Qi[j]!;
    }
  }
}
