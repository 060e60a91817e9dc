import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decisionFunction, predict, scoreSamples } from './decision.js';
import { type ModelDocument, toDocument } from './document.js';
import { kernelFunction } from './kernels.js';
import type { OcsvmModel } from './model.js';
import { parseModel } from './parse-model.js';
import { scaleRow } from './scaler.js';

/** One file written by fixtures/gen_scoring.py from a fitted scikit-learn estimator. */
interface Fixture {
  name: string;
  description: string;
  model: ModelDocument;
  rows: number[][];
  decision: number[];
  scoreSamples: number[];
  predict: number[];
  /** Per row, Σᵢ|dualCoefᵢ·Kᵢ| + |intercept| from numpy: the scale of the bound. */
  magnitude: number[];
}

/** The accuracy rule: |ours − scikit-learn's| ≤ RELATIVE × (Σᵢ|dualCoefᵢ·Kᵢ| + |intercept|). */
const RELATIVE = 1e-9;

const dir = new URL('../fixtures/scoring/', import.meta.url);
const fixtures: Fixture[] = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')));

/** Rows where |ours − theirs| breaks the bound, with the figures to debug them. */
function outsideBound(ours: Float64Array, theirs: number[], magnitude: number[]) {
  return theirs.flatMap((expected, r) => {
    const bound = RELATIVE * magnitude[r]!;
    const error = Math.abs(ours[r]! - expected);
    return error <= bound ? [] : [{ row: r, ours: ours[r], expected, error, bound }];
  });
}

/** Σᵢ|dualCoefᵢ·K(z, svᵢ)| + |intercept| for one row, from this package's own kernel. */
function ownMagnitude(model: OcsvmModel, row: Float64Array): number {
  const d = model.nFeatures;
  const z = new Float64Array(d);
  if (model.scaler === null) z.set(row);
  else scaleRow(model.scaler, row, 0, d, z);
  const k = kernelFunction(model);
  let sum = Math.abs(model.intercept);
  for (let i = 0; i < model.nSupport; i++) {
    sum += Math.abs(model.dualCoef[i]! * k(z, 0, model.supportVectors, i * d, d));
  }
  return sum;
}

describe('scikit-learn parity fixtures', () => {
  it('cover every kernel, with and without a scaler, 1–32 features, 1–~1000 SVs', () => {
    const models = fixtures.map((f) => parseModel(f.model));
    const kernels = new Set(models.map((m) => `${m.kernel}${m.kernel === 'poly' ? m.degree : ''}`));
    expect([...kernels].sort()).toEqual([
      'linear',
      'poly0',
      'poly2',
      'poly3',
      'poly5',
      'rbf',
      'sigmoid',
    ]);
    expect(new Set(models.map((m) => m.scaler === null))).toEqual(new Set([true, false]));
    expect(Math.min(...models.map((m) => m.nFeatures))).toBe(1);
    expect(Math.max(...models.map((m) => m.nFeatures))).toBe(32);
    expect(Math.min(...models.map((m) => m.nSupport))).toBe(1);
    expect(Math.max(...models.map((m) => m.nSupport))).toBeGreaterThanOrEqual(1000);
  });

  it('include rows that scikit-learn scores exactly 0 and calls outliers, as we do', () => {
    const zeros = fixtures.flatMap((f) => {
      const ours = predict(parseModel(f.model), Float64Array.from(f.rows.flat()));
      return f.decision.flatMap((d, r) => (d === 0 ? [[f.predict[r], ours[r]]] : []));
    });
    expect(zeros.length).toBeGreaterThan(40); // poly0, and the single-SV models at their SV
    expect(new Set(zeros.flat())).toEqual(new Set([-1]));
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const model = parseModel(fixture.model);
    const rows = Float64Array.from(fixture.rows.flat());

    it('has whole rows and one expected value of each kind per row', () => {
      expect(fixture.rows.every((row) => row.length === model.nFeatures)).toBe(true);
      const n = fixture.rows.length;
      for (const values of [fixture.decision, fixture.scoreSamples, fixture.predict]) {
        expect(values).toHaveLength(n);
      }
    });

    it('round-trips the document', () => {
      expect(toDocument(model)).toEqual(fixture.model);
      expect(parseModel(toDocument(model))).toEqual(model);
    });

    it("bounds errors by a magnitude this package's kernel agrees with", () => {
      fixture.rows.forEach((row, r) => {
        const own = ownMagnitude(model, Float64Array.from(row));
        expect(Math.abs(own - fixture.magnitude[r]!)).toBeLessThanOrEqual(1e-9 * own);
      });
    });

    it('matches decision_function within the bound', () => {
      const ours = decisionFunction(model, rows);
      expect(outsideBound(ours, fixture.decision, fixture.magnitude)).toEqual([]);
    });

    it('matches score_samples within the bound', () => {
      const ours = scoreSamples(model, rows);
      expect(outsideBound(ours, fixture.scoreSamples, fixture.magnitude)).toEqual([]);
    });

    it("matches predict, except where scikit-learn's |decision| is inside the bound", () => {
      const ours = predict(model, rows);
      const differing = fixture.predict.flatMap((expected, r) => {
        const close = Math.abs(fixture.decision[r]!) <= RELATIVE * fixture.magnitude[r]!;
        return ours[r] === expected || close ? [] : [{ row: r, ours: ours[r], expected }];
      });
      expect(differing).toEqual([]);
    });
  });
});
