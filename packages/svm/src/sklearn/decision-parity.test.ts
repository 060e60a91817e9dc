import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decisionFunction, predict } from '../decision.js';
import { importSklearnModel } from './import-model.js';

// Imported models scored by this package's engine against scikit-learn's own decision_function
// and predict on the same rows (written by fixtures/gen_sklearn.py). The bound is the package's
// accuracy contract: 1e-9 × (Σᵢ|dualCoefᵢ·Kᵢ| + |intercept|), per row (see ../../README.md).
const dir = new URL('../../fixtures/sklearn/models/', import.meta.url);
const RELATIVE = 1e-9;

interface Scored {
  rows: number[][];
  decision: number[];
  predict: number[];
  magnitude: number[];
}

const files = readdirSync(dir)
  .filter((f) => !f.endsWith('.json'))
  .sort();

describe('imported models score as scikit-learn does', () => {
  it.each(files)('%s: decision within 1e-9 of its magnitude, same predictions', (file) => {
    const model = importSklearnModel(readFileSync(new URL(file, dir)));
    const expected = JSON.parse(
      readFileSync(new URL(file.replace(/\.(pkl|joblib)$/, '.expected.json'), dir), 'utf8'),
    ) as Scored;
    const rows = Float64Array.from(expected.rows.flat());
    const ours = decisionFunction(model, rows);
    const labels = predict(model, rows);
    expected.decision.forEach((want, i) => {
      const bound = RELATIVE * expected.magnitude[i]!;
      expect(Math.abs(ours[i]! - want)).toBeLessThanOrEqual(bound);
      // A row scikit-learn itself scores within the bound of 0 may fall either side.
      if (Math.abs(want) > bound) expect(labels[i]).toBe(expected.predict[i]);
    });
  });
});
