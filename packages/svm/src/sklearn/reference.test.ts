import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decisionFunction } from '../decision.js';
import { importSklearnModel } from './import-model.js';
import { type ExpectedModel, expectedFields, modelFields } from './model-fields.test-helper.js';

// The 15 scikit-learn 0.19.2 pickles of the system Fleetscore replaces (read-only, shared).
const reference = new URL('../../../../../shared/reference/', import.meta.url);
const expectedFile = new URL('../../fixtures/sklearn/reference-expected.json', import.meta.url);

interface ReferenceExpected extends ExpectedModel {
  rows: number;
  anomalies: number;
  firstValues: number[];
  firstDecisions: number[];
  firstMagnitudes: number[];
  nearZeroDecisions: number;
}

function load(): Record<string, ReferenceExpected> {
  if (!existsSync(new URL('models/model_1_1', reference))) {
    throw new Error(`reference models not found under ${fileURLToPath(reference)}`);
  }
  return (
    JSON.parse(readFileSync(expectedFile, 'utf8')) as { models: Record<string, ReferenceExpected> }
  ).models;
}

/** The reference CSV's values per `model_<device>_<tag>`, in file order. */
let sensors: Map<string, number[]> | undefined;
function sensorValues(): Map<string, number[]> {
  if (sensors !== undefined) return sensors;
  const lines = readFileSync(new URL('sensor_data.csv', reference), 'utf8').trim().split('\n');
  const out = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const [, device, tag, value] = line.split(',');
    const key = `model_${device}_${tag}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push(Number(value));
  }
  sensors = out;
  return out;
}

const expected = load();
const names = Object.keys(expected).sort();
const importRef = (name: string) =>
  importSklearnModel(readFileSync(new URL(`models/${name}`, reference)));

describe('importSklearnModel on the reference scikit-learn 0.19.2 pickles', () => {
  it('covers all 15 sensors', () => expect(names).toHaveLength(15));

  it.each(names)('%s: every field exactly as scikit-learn stored it', (name) => {
    const model = importRef(name);
    expect(modelFields(model)).toEqual(expectedFields(expected[name]!));
    // 0.19 kept uninitialised memory in n_support_; the count comes from the support vectors.
    expect(model.nSupport).toBe(model.supportVectors.length);
    expect(model.training).toMatchObject({
      estimator: 'sklearn.svm.classes.OneClassSVM',
      pipeline: ['scaler', 'classifier'],
      nSamples: expect.any(Number),
    });
  });

  // The package's accuracy contract: 1e-9 × (Σᵢ|dualCoefᵢ·Kᵢ| + |intercept|) per row.
  it.each(names)('%s: decision values match scikit-learn within the 1e-9 bound', (name) => {
    const { firstValues, firstDecisions, firstMagnitudes } = expected[name]!;
    const ours = decisionFunction(importRef(name), Float64Array.from(firstValues));
    firstDecisions.forEach((want, i) => {
      expect(Math.abs(ours[i]! - want)).toBeLessThanOrEqual(1e-9 * firstMagnitudes[i]!);
    });
  });

  // Exact, because `score-csv` is checked against these totals. If a scoring change ever flips
  // a row, look at the model's nearZeroDecisions rows first.
  it.each(names)('%s: the anomaly count on sensor_data.csv matches scikit-learn', (name) => {
    const values = sensorValues().get(name)!;
    const { rows, anomalies } = expected[name]!;
    expect(values).toHaveLength(rows);
    const decisions = decisionFunction(importRef(name), Float64Array.from(values));
    expect(decisions.filter((d) => !(d > 0)).length).toBe(anomalies);
  });
});
