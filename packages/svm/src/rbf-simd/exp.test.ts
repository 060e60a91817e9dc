import { describe, expect, it } from 'vitest';
import { EXP_LOW } from './exp.js';
import { simdExp } from './score.js';

/** The next double towards −∞ (`steps` < 0) or +∞, by stepping the bit pattern. */
function step(x: number, steps: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 || Object.is(x, 0) ? bits + BigInt(steps) : bits - BigInt(steps));
  return view.getFloat64(0);
}

/** Arguments where Math.exp and the vector exp disagree, bit for bit (Object.is). */
function mismatches(xs: Float64Array) {
  const ys = simdExp(xs);
  expect(ys).not.toBeNull();
  return [...xs].flatMap((x, i) =>
    Object.is(ys![i], Math.exp(x)) ? [] : [{ x, simd: ys![i], mathExp: Math.exp(x) }],
  );
}

describe('the vector exp (fdlibm in f64x2)', () => {
  it('equals Math.exp on 10⁶ arguments over the whole rbf range, 0 down to −746', () => {
    const xs = new Float64Array(1_000_000);
    for (let i = 0; i < xs.length; i++) {
      const u = (i * 0.6180339887498949 + 0.1234) % 1; // a low-discrepancy walk over [0, 1)
      // uniform over [−746, 0], over [−3, 0] (typical γ‖z − sv‖²), and log-uniform down to 1e-300
      xs[i] = i % 3 === 0 ? -746 * u : i % 3 === 1 ? -3 * u : -(10 ** (-300 * u));
    }
    expect(mismatches(xs)).toEqual([]);
  });

  it('equals Math.exp at and next to every threshold of the algorithm', () => {
    const edges = [
      -Math.LN2 / 2, // the reduction threshold (fdlibm tests the high word only)
      -0.3465735902799727, // |x| with high word 0x3fd62e43
      -1.5 * Math.LN2,
      -(2 ** -28), // below: 1 + x
      EXP_LOW,
      -708.3964185322641, // exp(x) = 2^-1022: the last normal result
      -745.1332191019411, // the underflow threshold
      -745.1332191019412,
      -1,
      -0.5,
    ];
    const xs = edges.flatMap((x) => [-3, -2, -1, 0, 1, 2, 3].map((k) => step(x, k)));
    expect(mismatches(Float64Array.from(xs))).toEqual([]);
  });

  it('falls back to Math.exp for 0, tiny, NaN, ±Infinity, positive and underflowing lanes', () => {
    const xs = [0, -0, -1e-300, -5e-324, NaN, Infinity, -Infinity, 1, 700, 710, -750, -1e308];
    expect(mismatches(Float64Array.from(xs))).toEqual([]);
    expect(simdExp(Float64Array.from([-0, NaN, -Infinity, -800]))).toEqual(
      Float64Array.from([1, NaN, 0, 0]),
    );
  });

  it('handles an odd count (the last vector is padded)', () => {
    expect(simdExp(Float64Array.from([-1, -2, -3]))).toEqual(
      Float64Array.from([Math.exp(-1), Math.exp(-2), Math.exp(-3)]),
    );
    expect(simdExp(new Float64Array(0))).toEqual(new Float64Array(0));
  });
});
