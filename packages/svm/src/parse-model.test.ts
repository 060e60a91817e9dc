import { describe, expect, it } from 'vitest';
import type { ModelDocument } from './document.js';
import { isModelFormatError } from './errors.js';
import { parseModel } from './parse-model.js';

function validDocument(): ModelDocument {
  return {
    format: 'fleetscore.ocsvm/v1',
    features: ['Value', 'Temp'],
    scaler: { mean: [12.37, 40], scale: [1.35, 0] },
    kernel: 'rbf',
    gamma: 0.01,
    coef0: 0,
    degree: 3,
    supportVectors: [
      [1.3251, 0.5],
      [-1.7412, -0.25],
    ],
    dualCoef: [0.01495, 0.01495],
    intercept: -0.02855,
    training: { nu: 0.05, source: { file: 'x.pkl' } },
  };
}

/** The ModelFormatError that parsing `doc` after `edit` throws. */
function errorFor(edit: (doc: Record<string, unknown>) => void) {
  const doc = validDocument() as unknown as Record<string, unknown>;
  edit(doc);
  try {
    parseModel(doc);
  } catch (error) {
    if (isModelFormatError(error)) return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error('parseModel accepted the document');
}

describe('parseModel', () => {
  it('builds the in-memory model, support vectors row-major', () => {
    const model = parseModel(validDocument());
    expect(model.nFeatures).toBe(2);
    expect(model.nSupport).toBe(2);
    expect(model.supportVectors).toEqual(new Float64Array([1.3251, 0.5, -1.7412, -0.25]));
    expect(model.dualCoef).toEqual(new Float64Array([0.01495, 0.01495]));
    expect(model.scaler?.scale).toEqual(new Float64Array([1.35, 0])); // kept as stored
    expect(model.training).toEqual({ nu: 0.05, source: { file: 'x.pkl' } });
  });

  it('reads an absent or null scaler as none, and absent training as {}', () => {
    const { scaler: _s, training: _t, ...bare } = validDocument();
    expect(parseModel(bare).scaler).toBeNull();
    expect(parseModel(bare).training).toEqual({});
    expect(parseModel({ ...bare, scaler: null }).scaler).toBeNull();
  });

  it('copies its input: later edits to the document do not reach the model', () => {
    const doc = validDocument();
    const model = parseModel(doc);
    doc.supportVectors[0]![0] = 99;
    (doc.training.source as { file: string }).file = 'changed';
    expect(model.supportVectors[0]).toBe(1.3251);
    expect(model.training).toEqual({ nu: 0.05, source: { file: 'x.pkl' } });
  });

  // Each edit to a valid document, and the exact error: "<path>: <problem>".
  it.each<[Record<string, unknown>, string]>([
    [
      { format: 'fleetscore.ocsvm/v2' },
      'format: expected "fleetscore.ocsvm/v1", got "fleetscore.ocsvm/v2"',
    ],
    [{ format: undefined }, 'format: expected "fleetscore.ocsvm/v1", got nothing'],
    [{ colour: 'red' }, 'colour: unknown field'],
    [{ features: [] }, 'features: expected a non-empty array of names, got an array of 0'],
    [{ features: ['a', 3] }, 'features[1]: expected a non-empty string, got 3'],
    [{ features: ['a', 'a'] }, 'features[1]: duplicate name "a"'],
    [{ scaler: [1, 2] }, 'scaler: expected an object, got an array of 2'],
    [{ scaler: { mean: [0, 0], scale: [1, 1], var: [1, 1] } }, 'scaler.var: unknown field'],
    [
      { scaler: { mean: [0], scale: [1, 1] } },
      'scaler.mean: expected 2 numbers (one per feature), got 1',
    ],
    [
      { scaler: { mean: [0, 0], scale: [1, 1, 1] } },
      'scaler.scale: expected 2 numbers (one per feature), got 3',
    ],
    [
      { scaler: { mean: [0, 0], scale: [1, -1] } },
      'scaler.scale[1]: expected a finite number ≥ 0, got -1',
    ],
    [
      { scaler: { mean: [Number.NaN, 0], scale: [1, 1] } },
      'scaler.mean[0]: expected a finite number, got NaN',
    ],
    [
      { kernel: 'precomputed' },
      'kernel: expected one of rbf, linear, poly, sigmoid, got "precomputed"',
    ],
    [{ gamma: -0.5 }, 'gamma: expected a finite number ≥ 0, got -0.5'],
    [{ gamma: 'scale' }, 'gamma: expected a finite number ≥ 0, got "scale"'],
    [{ gamma: Number.POSITIVE_INFINITY }, 'gamma: expected a finite number ≥ 0, got Infinity'],
    [{ coef0: undefined }, 'coef0: expected a finite number, got nothing'],
    [{ degree: 2.5 }, 'degree: expected a non-negative integer, got 2.5'],
    [{ degree: -1 }, 'degree: expected a non-negative integer, got -1'],
    [{ degree: '3' }, 'degree: expected a non-negative integer, got "3"'],
    [
      { supportVectors: [], dualCoef: [] },
      'supportVectors: expected a non-empty array of support vectors, got an array of 0',
    ],
    [
      {
        supportVectors: [
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8, 9],
        ],
        dualCoef: [1, 1, 1, 1],
      },
      'supportVectors[3]: expected 2 numbers, got 3',
    ],
    [{ supportVectors: [[1, 2], 3] }, 'supportVectors[1]: expected an array of 2 numbers, got 3'],
    [
      {
        supportVectors: [
          [1, 2],
          [3, null],
        ],
      },
      'supportVectors[1][1]: expected a finite number, got null',
    ],
    [
      {
        supportVectors: [
          [1, Number.NEGATIVE_INFINITY],
          [3, 4],
        ],
      },
      'supportVectors[0][1]: expected a finite number, got -Infinity',
    ],
    [{ dualCoef: [1] }, 'dualCoef: expected 2 numbers (one per support vector), got 1'],
    [{ dualCoef: [1, Number.NaN] }, 'dualCoef[1]: expected a finite number, got NaN'],
    [{ intercept: Number.NaN }, 'intercept: expected a finite number, got NaN'],
    [{ training: 'fit on monday' }, 'training: expected an object, got "fit on monday"'],
    [
      { training: { fit: { nu: Number.NaN } } },
      'training.fit.nu: expected a finite number, got NaN',
    ],
    [{ training: { at: () => 1 } }, 'training.at: expected a JSON value, got a function'],
  ])('rejects %j with %s', (edit, message) => {
    const error = errorFor((doc) => Object.assign(doc, edit));
    expect(error.message).toBe(message);
    expect(error.path).toBe(message.slice(0, message.indexOf(': ')));
  });

  it.each([
    [null, 'null'],
    [[], 'an array of 0'],
    ['{"format":"fleetscore.ocsvm/v1"}', '"{\\"format\\":\\"fleetscore.ocsvm/v1\\"}"'],
    [new Map(), 'an object'],
  ])('rejects the document %j, which is not a plain object', (doc, got) => {
    expect(() => parseModel(doc)).toThrow(`document: expected an object, got ${got}`);
  });
});
