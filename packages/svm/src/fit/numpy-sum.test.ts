import { describe, expect, it } from 'vitest';
import { numpySum, numpyVariance, pairwiseSum } from './numpy-sum.js';
import { fitStandardScaler } from './standard-scaler.js';

describe("numpy's summation order", () => {
  it('adds fewer than 8 values in order', () => {
    const a = Float64Array.of(1e16, 1, 1, -1e16);
    expect(pairwiseSum(a, 0, 4, 1)).toBe(1e16 + 1 + 1 - 1e16);
  });

  it('uses 8 interleaved accumulators from 8 values on', () => {
    // In order, the first seven 1s are lost against 1e16 (its ulp is 2); in numpy's 8 lanes
    // 1e16 meets −1e16 first, and every 1 counts (np.sum gives 14).
    const a = Float64Array.of(1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1, 1, 1, 1, 1, 1, 1);
    let sequential = 0;
    for (const v of a) sequential += v;
    expect(sequential).toBe(7);
    expect(numpySum(a, 0, a.length)).toBe(14);
  });

  it("is numpy's X.var(): mean first, then the mean square deviation (ddof 0)", () => {
    expect(numpyVariance(Float64Array.of(1, 2, 3, 4))).toBe(1.25);
    expect(numpyVariance(Float64Array.of(5, 5, 5))).toBe(0);
  });
});

describe("fitStandardScaler (scikit-learn's StandardScaler.fit)", () => {
  it('stores the population std, and 1 for a constant column', () => {
    const rows = Float64Array.of(1, 7, 3, 7, 5, 7); // 3 rows × 2 features
    const { mean, scale } = fitStandardScaler(rows, 3, 2);
    expect(Array.from(mean)).toEqual([3, 7]);
    expect(Array.from(scale)).toEqual([Math.sqrt(8 / 3), 1]);
  });

  it('treats a column constant up to rounding as constant', () => {
    const rows = Float64Array.of(0.1 + 0.2, 0.3, 0.3); // differ in the last bit only
    expect(Array.from(fitStandardScaler(rows, 3, 1).scale)).toEqual([1]);
  });
});
