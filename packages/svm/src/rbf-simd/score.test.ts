import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionFunction } from '../decision.js';
import { referenceDecision } from '../decision-reference.js';
import type { Kernel, OcsvmModel } from '../model.js';
import { MAX_SIMD_FEATURES, rbfDecisionSimd } from './score.js';

interface Shape {
  d: number;
  nSupport: number;
  gamma?: number;
  scaled?: boolean;
  kernel?: Kernel;
  /** Added to every SV and row value: far from the origin, distances stay small. */
  offset?: number;
}

/** A deterministic model and rows: values from a low-discrepancy walk, spread ±2 around `offset`. */
function fixture(shape: Shape, nRows: number) {
  const { d, nSupport, gamma = 0.5, scaled = false, kernel = 'rbf', offset = 0 } = shape;
  let seed = d * 7919 + nSupport * 104729 + nRows;
  const value = () => offset + 4 * (((seed++ * 0.6180339887498949) % 1) - 0.5);
  const model: OcsvmModel = {
    features: Array.from({ length: d }, (_, j) => `f${j}`),
    nFeatures: d,
    nSupport,
    scaler: scaled
      ? {
          mean: Float64Array.from({ length: d }, (_, j) => offset + j / 3),
          scale: Float64Array.from({ length: d }, (_, j) => (j % 5 === 4 ? 0 : 0.5 + j / 7)),
        }
      : null,
    kernel,
    gamma,
    coef0: 0.25,
    degree: 3,
    supportVectors: Float64Array.from({ length: nSupport * d }, value),
    dualCoef: Float64Array.from({ length: nSupport }, (_, i) => ((i % 7) - 2) / 5),
    intercept: -0.125,
    training: {},
  };
  return { model, rows: Float64Array.from({ length: nRows * d }, value) };
}

/** Rows where the SIMD kernel and the reference loop differ in any bit (Object.is). */
function differences(model: OcsvmModel, rows: Float64Array) {
  const n = rows.length / model.nFeatures;
  const [simd, reference] = [new Float64Array(n), new Float64Array(n)];
  expect(rbfDecisionSimd(model, rows, simd)).toBe(true);
  referenceDecision(model, rows, reference);
  return [...simd].flatMap((v, r) =>
    Object.is(v, reference[r]) ? [] : [{ r, simd: v, reference: reference[r] }],
  );
}

describe('rbfDecisionSimd', () => {
  it('equals the reference loop bit for bit on random shapes, with and without a scaler', () => {
    const shape = fc.record({
      d: fc.integer({ min: 1, max: 20 }),
      nSupport: fc.integer({ min: 1, max: 40 }),
      gamma: fc.double({ min: 0, max: 50, noNaN: true }),
      scaled: fc.boolean(),
    });
    fc.assert(
      fc.property(shape, fc.integer({ min: 0, max: 40 }), (s, nRows) => {
        const { model, rows } = fixture(s, nRows);
        expect(differences(model, rows)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['d = 1', { d: 1, nSupport: 30 }],
    ['one support vector', { d: 3, nSupport: 1 }],
    ['d = 4, 1000 SVs', { d: 4, nSupport: 1000 }],
    ['d = 16, scaled (a zero scale among them)', { d: 16, nSupport: 100, scaled: true }],
    [`d = ${MAX_SIMD_FEATURES}`, { d: MAX_SIMD_FEATURES, nSupport: 5 }],
    [
      'values near 1e5, tiny distances (no cancellation: the difference form)',
      { d: 3, nSupport: 50, offset: 1e5 },
    ],
    ['γ = 0 (K = 1)', { d: 2, nSupport: 9, gamma: 0 }],
    ['γ = 1e6 (K underflows to 0 but on the SVs)', { d: 2, nSupport: 9, gamma: 1e6 }],
  ])('equals the reference bit for bit: %s', (_, shape) => {
    const { model, rows } = fixture(shape, 613); // > the 256-row chunk, not a whole block
    expect(differences(model, rows)).toEqual([]);
  });

  it('scores rows lying on support vectors (K = 1 exactly: fdlibm 1 + x lanes)', () => {
    const { model } = fixture({ d: 3, nSupport: 12 }, 0);
    const rows = model.supportVectors.slice(0, 9 * 3);
    expect(differences(model, rows)).toEqual([]);
  });

  it('gives NaN for a NaN row and finite values for the other rows of its block', () => {
    const { model, rows } = fixture({ d: 2, nSupport: 10 }, 8);
    rows[5] = Number.NaN; // row 2
    rows[12] = Number.POSITIVE_INFINITY; // row 6: K = 0 for every SV
    const out = decisionFunction(model, rows);
    expect(Number.isNaN(out[2])).toBe(true);
    expect(out[6]).toBe(model.intercept);
    expect([...out].filter((v) => Number.isNaN(v))).toHaveLength(1);
    expect(differences(model, rows)).toEqual([]);
  });

  it('is exact far from the origin: one SV at 1e5, a row 0.5 away gives exp(−γ·0.25)', () => {
    const one: OcsvmModel = {
      ...fixture({ d: 1, nSupport: 1, gamma: 3 }, 0).model,
      supportVectors: Float64Array.of(1e5),
      dualCoef: Float64Array.of(1),
      intercept: 0,
    };
    const out = new Float64Array(1);
    rbfDecisionSimd(one, Float64Array.of(1e5 + 0.5), out);
    expect(out[0]).toBe(Math.exp(-3 * 0.25));
  });

  it('declines what it does not cover, writing nothing: other kernels, d > 256, no SVs', () => {
    const out = new Float64Array(2).fill(7);
    for (const kernel of ['linear', 'poly', 'sigmoid'] as const) {
      const { model, rows } = fixture({ d: 2, nSupport: 3, kernel }, 2);
      expect(rbfDecisionSimd(model, rows, out)).toBe(false);
    }
    const wide = fixture({ d: MAX_SIMD_FEATURES + 1, nSupport: 2 }, 2);
    expect(rbfDecisionSimd(wide.model, wide.rows, out)).toBe(false);
    const empty = fixture({ d: 2, nSupport: 0 }, 2);
    expect(rbfDecisionSimd(empty.model, empty.rows, out)).toBe(false);
    expect(out).toEqual(Float64Array.of(7, 7));
  });
});

describe('decisionFunction', () => {
  it.each(['rbf', 'linear', 'poly', 'sigmoid'] as const)(
    'equals the reference loop bit for bit for %s, with and without a scaler',
    (kernel) => {
      for (const scaled of [false, true]) {
        const { model, rows } = fixture({ d: 5, nSupport: 17, kernel, scaled, gamma: 0.1 }, 37);
        const reference = new Float64Array(37);
        referenceDecision(model, rows, reference);
        expect(decisionFunction(model, rows)).toEqual(reference);
      }
    },
  );

  it('falls back to the reference loop past 256 features', () => {
    const { model, rows } = fixture({ d: 300, nSupport: 4 }, 3);
    const reference = new Float64Array(3);
    referenceDecision(model, rows, reference);
    expect(decisionFunction(model, rows)).toEqual(reference);
  });
});
