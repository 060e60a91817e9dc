import { describe, expect, it } from 'vitest';
import { predict } from '../decision.js';
import { toDocument } from '../document.js';
import { parseModel } from '../parse-model.js';
import { isTrainingError, TrainingError } from './errors.js';
import { fitOneClassSvm, initialAlpha } from './fit-one-class.js';
import type { FitParams } from './params.js';

/** l rows of d features from a fixed linear congruential sequence (no Math.random). */
function rows(l: number, d: number, seed = 7): Float64Array {
  let state = seed;
  return Float64Array.from({ length: l * d }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 10 + (5 * state) / 2 ** 31;
  });
}

function trainingError(run: () => unknown): TrainingError {
  try {
    run();
  } catch (error) {
    if (isTrainingError(error)) return error;
    throw error;
  }
  throw new Error('expected a TrainingError');
}

describe('fitOneClassSvm input checks', () => {
  it('names the row and column of a NaN or an Infinity', () => {
    const x = rows(5, 3);
    x[7] = Number.NaN;
    const error = trainingError(() => fitOneClassSvm(x, 3, { features: ['a', 'b', 'c'] }));
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('TRAINING_INPUT');
    expect(error.field).toBe('rows');
    expect(error.message).toBe('rows: row 2, column 1 (b) is NaN; training needs finite numbers');
    x[7] = 1;
    x[3] = -Infinity;
    expect(trainingError(() => fitOneClassSvm(x, 3)).message).toContain(
      'row 1, column 0 (x0) is -Infinity',
    );
  });

  it.each([
    ['an empty set', new Float64Array(0), 2, {}, 'rows', 'empty'],
    ['a ragged buffer', rows(3, 2).subarray(1), 2, {}, 'rows', 'not a multiple'],
    ['zero features', rows(3, 1), 0, {}, 'nFeatures', '≥ 1'],
    ['nu = 0', rows(3, 1), 1, { nu: 0 }, 'nu', '(0, 1]'],
    ['nu > 1', rows(3, 1), 1, { nu: 1.5 }, 'nu', '(0, 1]'],
    ['nu NaN', rows(3, 1), 1, { nu: Number.NaN }, 'nu', '(0, 1]'],
    ['a negative gamma', rows(3, 1), 1, { gamma: -1 }, 'gamma', '≥ 0'],
    ['an unknown gamma', rows(3, 1), 1, { gamma: 'big' as 'scale' }, 'gamma', "'scale'"],
    ['a fractional degree', rows(3, 1), 1, { degree: 2.5 }, 'degree', 'integer'],
    ['a negative degree', rows(3, 1), 1, { degree: -1 }, 'degree', 'integer'],
    ['tol = 0', rows(3, 1), 1, { tol: 0 }, 'tol', '> 0'],
    ['an infinite coef0', rows(3, 1), 1, { coef0: Infinity }, 'coef0', 'finite'],
    ['maxIter = −2', rows(3, 1), 1, { maxIter: -2 }, 'maxIter', '−1'],
    ['no cache', rows(3, 1), 1, { cacheSizeMb: 0 }, 'cacheSizeMb', '> 0'],
    ['an unknown kernel', rows(3, 1), 1, { kernel: 'cubic' as 'rbf' }, 'kernel', 'one of'],
    ['a typo', rows(3, 1), 1, { Nu: 0.1 } as FitParams, 'Nu', 'unknown parameter'],
    ['too few names', rows(3, 2), 2, { features: ['a'] }, 'features', '2 names'],
    ['a duplicate name', rows(3, 2), 2, { features: ['a', 'a'] }, 'features[1]', 'duplicate'],
  ])('refuses %s', (_what, x, d, params, field, text) => {
    const error = trainingError(() => fitOneClassSvm(x, d, params as FitParams));
    expect(error.field).toBe(field);
    expect(error.message).toContain(text);
  });

  it('refuses nu = 1, where every α is at its bound and ρ is infinite (as scikit-learn)', () => {
    expect(trainingError(() => fitOneClassSvm(rows(10, 2), 2, { nu: 1 })).field).toBe('nu');
  });

  it('has a guard that recognises only its own errors', () => {
    expect(isTrainingError(new TrainingError('nu', 'bad'))).toBe(true);
    expect(isTrainingError(new Error('nu: bad'))).toBe(false);
    expect(isTrainingError({ code: 'TRAINING_INPUT' })).toBe(false);
  });
});

describe('fitOneClassSvm', () => {
  const params: FitParams = { nu: 0.2, standardize: true, features: ['Value', 'Temp'] };

  it('is deterministic: the same input gives the same model, bit for bit', () => {
    const x = rows(300, 2);
    expect(fitOneClassSvm(x, 2, params)).toEqual(fitOneClassSvm(Float64Array.from(x), 2, params));
  });

  it('does not depend on the cache size (two columns vs everything)', () => {
    const x = rows(150, 2, 11);
    const hard: FitParams = { nu: 0.2, gamma: 5, standardize: true };
    for (const shrinking of [true, false]) {
      const big = fitOneClassSvm(x, 2, { ...hard, shrinking });
      const tiny = fitOneClassSvm(x, 2, { ...hard, shrinking, cacheSizeMb: 1e-6 });
      // Long enough to shrink (every 150 iterations) and to evict columns many times.
      expect((big.training as { nIter: number }).nIter).toBeGreaterThan(3 * 150);
      expect(tiny).toEqual(big);
    }
  });

  it('leaves its input alone and writes a valid, scoring document', () => {
    const x = rows(200, 2);
    const copy = Float64Array.from(x);
    const model = fitOneClassSvm(x, 2, params);
    expect(x).toEqual(copy);
    expect(model.features).toEqual(['Value', 'Temp']);
    expect(parseModel(toDocument(model))).toEqual(model);
    expect(predict(model, x).filter((p) => p === 1).length).toBeGreaterThan(100);
    expect(model.training).toMatchObject({ solver: 'libsvm-smo', nSamples: 200, nu: 0.2 });
  });

  it('defaults to rbf, nu 0.5, gamma scale, names x0…, no scaler', () => {
    const model = fitOneClassSvm(rows(50, 3), 3);
    expect(model).toMatchObject({ kernel: 'rbf', scaler: null, features: ['x0', 'x1', 'x2'] });
    expect(model.training).toMatchObject({ nu: 0.5, tol: 1e-3, shrinking: true, maxIter: -1 });
    expect(model.dualCoef.reduce((a, b) => a + b, 0)).toBeCloseTo(25, 12);
  });

  it('stops at maxIter, unconverged', () => {
    const model = fitOneClassSvm(rows(200, 2), 2, { nu: 0.3, maxIter: 3 });
    expect(model.training).toMatchObject({ nIter: 3, converged: false });
    const zero = fitOneClassSvm(rows(200, 2), 2, { nu: 0.3, maxIter: 0 });
    expect(zero.training).toMatchObject({ nIter: 0, converged: false });
  });
});

describe('initialAlpha (solve_one_class)', () => {
  it('hands out ν·l greedily: ones, then the remainder', () => {
    expect(Array.from(initialAlpha(0.5, 3))).toEqual([1, 0.5, 0]);
    expect(Array.from(initialAlpha(1, 3))).toEqual([1, 1, 1]);
    const tiny = 0.0001 + 0.0001 + 0.0001; // not 0.0003: the accumulated sum, as libsvm's
    expect(Array.from(initialAlpha(0.0001, 3))).toEqual([tiny, 0, 0]);
  });

  it('accumulates ν·l as scikit-learn does, Σ ν in order, rounding included', () => {
    // Σ 0.1 over 100 rows is 9.99999999999998, not 10: nine ones and one just below 1.
    const alpha = initialAlpha(0.1, 100);
    expect(Array.from(alpha.subarray(0, 9))).toEqual(new Array(9).fill(1));
    expect(alpha[9]).toBeCloseTo(1, 12);
    expect(alpha[9]).toBeLessThan(1);
    expect(alpha[10]).toBe(0);
  });
});
