import { describe, expect, it } from 'vitest';
import { decisionFunction, predict, scoreSamples } from './decision.js';
import type { ModelDocument } from './document.js';
import { parseModel } from './parse-model.js';

/** decision(x) = 1·(x·[1, 1]) + intercept: easy to hit exactly 0. */
function linearModel(overrides: Partial<ModelDocument> = {}) {
  return parseModel({
    format: 'fleetscore.ocsvm/v1',
    features: ['a', 'b'],
    scaler: null,
    kernel: 'linear',
    gamma: 1,
    coef0: 0,
    degree: 3,
    supportVectors: [[1, 1]],
    dualCoef: [1],
    intercept: -1,
    training: {},
    ...overrides,
  });
}

describe('decisionFunction', () => {
  it('scores each row of a row-major batch', () => {
    const rows = new Float64Array([0.25, 0.25, 1, 1, 3, -1]);
    expect(decisionFunction(linearModel(), rows)).toEqual(new Float64Array([-0.5, 1, 1]));
  });

  it('returns an empty result for no rows', () => {
    expect(decisionFunction(linearModel(), new Float64Array(0))).toEqual(new Float64Array(0));
  });

  it('throws a RangeError when the rows do not divide into whole rows', () => {
    expect(() => decisionFunction(linearModel(), new Float64Array(3))).toThrow(RangeError);
    expect(() => decisionFunction(linearModel(), new Float64Array(3))).toThrow(
      "rows has 3 values, not a multiple of the model's 2 features",
    );
  });

  it('scales rows first: z = (x − mean) / scale', () => {
    const model = linearModel({ scaler: { mean: [10, 20], scale: [2, 4] } });
    expect(decisionFunction(model, new Float64Array([12, 28]))).toEqual(new Float64Array([2]));
  });

  it('treats a zero scale entry as 1', () => {
    const zero = linearModel({ scaler: { mean: [10, 20], scale: [0, 4] } });
    const one = linearModel({ scaler: { mean: [10, 20], scale: [1, 4] } });
    const rows = new Float64Array([12, 28, 10, 20, -3.5, 7]);
    expect(decisionFunction(zero, rows)).toEqual(decisionFunction(one, rows));
  });

  it('gives NaN for a row holding a NaN, and leaves the other rows alone', () => {
    const decisions = decisionFunction(linearModel(), new Float64Array([Number.NaN, 0, 1, 1]));
    expect(decisions[0]).toBeNaN();
    expect(decisions[1]).toBe(1);
  });
});

describe('scoreSamples', () => {
  it('is the decision without the intercept', () => {
    const rows = new Float64Array([0.25, 0.25, 1, 1]);
    expect(scoreSamples(linearModel(), rows)).toEqual(new Float64Array([0.5, 2]));
  });
});

describe('predict', () => {
  it('is +1 only for a strictly positive decision: exactly 0 is an outlier', () => {
    const ulp = 2 ** -52; // the gap above 1, so these decisions are exact
    const rows = new Float64Array([0.5, 0.5, 0.5, 0.5 + ulp, 0.5, 0.5 - ulp / 2, 2, -1]);
    const model = linearModel();
    expect(decisionFunction(model, rows)).toEqual(new Float64Array([0, ulp, -ulp / 2, 0]));
    expect(predict(model, rows)).toEqual(new Int8Array([-1, 1, -1, -1]));
  });

  it('calls a NaN decision an outlier', () => {
    expect(predict(linearModel(), new Float64Array([Number.NaN, 1]))).toEqual(new Int8Array([-1]));
  });
});
