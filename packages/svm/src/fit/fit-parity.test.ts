import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predict } from '../decision.js';
import { kernelFunction } from '../kernels.js';
import type { OcsvmModel } from '../model.js';
import { scaleRow } from '../scaler.js';
import { TrainingError } from './errors.js';
import { fitOneClassSvm } from './fit-one-class.js';
import type { FitParams } from './params.js';

/** One file written by fixtures/gen_training.py (see its docstring for each field). */
interface Fixture {
  name: string;
  description: string;
  params: FitParams;
  rows: number[][];
  expectedError?: string;
  expected: {
    support: number[];
    dualCoef: number[];
    intercept: number;
    gamma: number;
    nIter: number;
    fitStatus: number;
    objective: number;
    scaler: { mean: number[]; scale: number[] } | null;
  };
  heldOut: number[][];
  decision: number[];
  predict: number[];
  predictTight: number[];
  predictPermuted: number[];
}

const dir = new URL('../../fixtures/training/', import.meta.url);
const fixtures: Fixture[] = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
const fitted = fixtures.filter((f) => f.expectedError === undefined);

function fit(fixture: Fixture): OcsvmModel {
  const d = fixture.rows[0]!.length;
  return fitOneClassSvm(Float64Array.from(fixture.rows.flat()), d, fixture.params);
}

/** ½ αᵀKα over the support vectors, K in double by the prediction kernel (as the fixture's). */
function objective(model: OcsvmModel): { value: number; magnitude: number } {
  const { nSupport: n, nFeatures: d, dualCoef: a, supportVectors: sv } = model;
  const k = kernelFunction(model);
  let value = 0;
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const term = a[i]! * a[j]! * k(sv, i * d, sv, j * d, d);
      value += term;
      magnitude += Math.abs(term);
    }
  }
  return { value: value / 2, magnitude: magnitude / 2 };
}

describe('training fixtures', () => {
  it('cover every kernel, with and without the scaler, 1–16 features, 1–2000 rows', () => {
    const kernels = new Set(fixtures.map((f) => f.params.kernel));
    expect([...kernels].sort()).toEqual(['linear', 'poly', 'rbf', 'sigmoid']);
    expect(new Set(fixtures.map((f) => f.params.standardize))).toEqual(new Set([true, false]));
    const widths = fixtures.map((f) => f.rows[0]!.length);
    const lengths = fixtures.map((f) => f.rows.length);
    expect([Math.min(...widths), Math.max(...widths)]).toEqual([1, 16]);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([1, 2000]);
    expect(fixtures.some((f) => f.expectedError !== undefined)).toBe(true);
  });
});

describe.each(fitted.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
  const model = fit(fixture);
  const expected = fixture.expected;
  const d = model.nFeatures;

  it("reaches scikit-learn's optimum: dual objective within 1e-4 relative", () => {
    const ours = objective(model).value;
    expect(Math.abs(ours - expected.objective)).toBeLessThanOrEqual(
      1e-4 * Math.abs(expected.objective),
    );
  });

  it("agrees with scikit-learn's predictions on ≥ 99% of rows where its refits agree", () => {
    const ours = predict(model, Float64Array.from(fixture.heldOut.flat()));
    let counted = 0;
    let agreed = 0;
    fixture.predict.forEach((theirs, r) => {
      if (theirs !== fixture.predictTight[r] || theirs !== fixture.predictPermuted[r]) return;
      counted++;
      if (ours[r] === theirs) agreed++;
    });
    expect(agreed).toBeGreaterThanOrEqual(0.99 * counted);
  });

  it('computes the scaler and gamma exactly as scikit-learn and numpy do', () => {
    expect(model.gamma).toBe(expected.gamma);
    if (expected.scaler === null) expect(model.scaler).toBeNull();
    else expect(model.scaler).toEqual(toScaler(expected.scaler));
  });

  it('walks the same path: same support vectors, dual coefficients, intercept, n_iter', () => {
    const training = model.training as { nIter: number; converged: boolean };
    expect(training.nIter).toBe(expected.nIter);
    expect(training.converged).toBe(expected.fitStatus === 0);
    expect(model.nSupport).toBe(expected.support.length);
    const z = new Float64Array(d);
    expected.support.forEach((row, k) => {
      const raw = Float64Array.from(fixture.rows[row]!);
      if (model.scaler === null) z.set(raw);
      else scaleRow(model.scaler, raw, 0, d, z);
      expect(model.supportVectors.subarray(k * d, (k + 1) * d)).toEqual(z);
      expect(Math.abs(model.dualCoef[k]! - expected.dualCoef[k]!)).toBeLessThanOrEqual(1e-12);
    });
    const bound = 1e-12 * Math.max(1, Math.abs(expected.intercept));
    expect(Math.abs(model.intercept - expected.intercept)).toBeLessThanOrEqual(bound);
  });

  it("reports libsvm's objective (Q in 32-bit floats) near the exact ½αᵀKα", () => {
    const exact = objective(model);
    const reported = (model.training as { objective: number }).objective;
    expect(Math.abs(reported - exact.value)).toBeLessThanOrEqual(1e-6 * exact.magnitude);
  });
});

describe.each(
  fixtures.filter((f) => f.expectedError !== undefined).map((f) => [f.name, f] as const),
)('%s', (_name, fixture) => {
  it('is refused, as scikit-learn refuses it', () => {
    expect(() => fit(fixture)).toThrow(TrainingError);
  });
});

function toScaler(s: { mean: number[]; scale: number[] }) {
  return { mean: Float64Array.from(s.mean), scale: Float64Array.from(s.scale) };
}
