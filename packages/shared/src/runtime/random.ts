/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32) — plenty for simulated sensor
 * noise, test data and benchmarks, and the same seed gives the same stream on every platform
 * (the simulator's `--seed` promises it).
 * Returns uniform floats in [0, 1).
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A uniform float in [lo, hi). */
export const uniform = (random: Random, lo: number, hi: number) => lo + (hi - lo) * random();

/** A uniform integer in [0, n). */
export const pick = (random: Random, n: number) => Math.floor(random() * n);
