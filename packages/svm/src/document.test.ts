import { describe, expect, it } from 'vitest';
import { type ModelDocument, toDocument } from './document.js';
import { parseModel } from './parse-model.js';

const documents: Record<string, ModelDocument> = {
  'rbf with a scaler': {
    format: 'fleetscore.ocsvm/v1',
    features: ['Value'],
    scaler: { mean: [12.37], scale: [1.35] },
    kernel: 'rbf',
    gamma: 0.01,
    coef0: 0,
    degree: 3,
    supportVectors: [[1.3251], [-1.7412]],
    dualCoef: [0.01495, 0.01495],
    intercept: -0.02855,
    training: { nu: 0.05, sklearn: '0.19.2', params: { shrinking: true, tol: 0.001 } },
  },
  'poly without a scaler, a zero scale kept as stored': {
    format: 'fleetscore.ocsvm/v1',
    features: ['a', 'b', 'c'],
    scaler: null,
    kernel: 'poly',
    gamma: 0.2,
    coef0: -1.5,
    degree: 0,
    supportVectors: [[1e5, -0, 5e-324]],
    dualCoef: [1],
    intercept: -1,
    training: {},
  },
};

describe('toDocument', () => {
  it.each(Object.entries(documents))('round-trips %s', (_name, doc) => {
    const model = parseModel(doc);
    expect(toDocument(model)).toEqual(doc);
    expect(parseModel(toDocument(model))).toEqual(model);
    expect(parseModel(JSON.parse(JSON.stringify(toDocument(model))))).toEqual(
      parseModel(JSON.parse(JSON.stringify(doc))),
    );
  });

  it('writes the normalised form: scaler null and training {} when the input had neither', () => {
    const { scaler: _s, training: _t, ...bare } = documents['rbf with a scaler']!;
    expect(toDocument(parseModel(bare))).toEqual({ ...bare, scaler: null, training: {} });
  });

  it('copies: editing the document leaves the model alone', () => {
    const model = parseModel(documents['rbf with a scaler']);
    const doc = toDocument(model);
    doc.supportVectors[0]![0] = 7;
    (doc.training.params as { tol: number }).tol = 1;
    expect(model.supportVectors[0]).toBe(1.3251);
    expect(toDocument(model)).toEqual(documents['rbf with a scaler']);
  });
});
