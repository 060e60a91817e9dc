import { describe, expect, it } from 'vitest';
import type { ModelDocument } from './document.js';
import { isModelFormatError, type ModelFormatError } from './errors.js';
import { readModelFile } from './model-file.js';
import { DEFAULT_MAX_SUPPORT_VECTORS, parseModel } from './parse-model.js';

/**
 * Hostile `fleetscore.ocsvm/v1` documents (the list): non-finite numbers in every
 * numeric field, mismatched shapes, absurd sizes, fields that do not exist, and every
 * truncation of a valid file. Each is a ModelFormatError naming the field path.
 */
const doc = (): ModelDocument => ({
  format: 'fleetscore.ocsvm/v1',
  features: ['a', 'b'],
  scaler: { mean: [0, 0], scale: [1, 1] },
  kernel: 'rbf',
  gamma: 0.5,
  coef0: 0,
  degree: 3,
  supportVectors: [
    [1, 2],
    [3, 4],
  ],
  dualCoef: [0.5, 0.5],
  intercept: -0.1,
  training: {},
});

function refusal(edit: (d: Record<string, unknown>) => void, options = {}): ModelFormatError {
  const d = doc() as unknown as Record<string, unknown>;
  edit(d);
  try {
    parseModel(d, options);
  } catch (error) {
    if (isModelFormatError(error)) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('hostile model documents', () => {
  const nonFinite = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  it.each([
    [
      'supportVectors[1][0]',
      (d: Record<string, unknown>, x: number) => {
        d.supportVectors = [
          [1, 2],
          [x, 4],
        ];
      },
    ],
    [
      'dualCoef[0]',
      (d: Record<string, unknown>, x: number) => {
        d.dualCoef = [x, 0.5];
      },
    ],
    [
      'intercept',
      (d: Record<string, unknown>, x: number) => {
        d.intercept = x;
      },
    ],
    [
      'gamma',
      (d: Record<string, unknown>, x: number) => {
        d.gamma = x;
      },
    ],
    [
      'coef0',
      (d: Record<string, unknown>, x: number) => {
        d.coef0 = x;
      },
    ],
    [
      'scaler.scale[1]',
      (d: Record<string, unknown>, x: number) => {
        d.scaler = { mean: [0, 0], scale: [1, x] };
      },
    ],
  ])('%s: NaN and ±Infinity are refused there', (path, edit) => {
    for (const x of nonFinite) expect(refusal((d) => edit(d, x)).path).toBe(path);
  });

  it('refuses mismatched shapes, naming the field', () => {
    expect(
      refusal((d) => {
        d.dualCoef = [1, 2, 3];
      }).path,
    ).toBe('dualCoef');
    expect(
      refusal((d) => {
        d.supportVectors = [[1, 2], [3]];
      }).path,
    ).toBe('supportVectors[1]');
    expect(
      refusal((d) => {
        d.supportVectors = [
          [1, 2, 3],
          [4, 5, 6],
        ];
      }).path,
    ).toBe('supportVectors[0]');
    expect(
      refusal((d) => {
        d.scaler = { mean: [0], scale: [1, 1] };
      }).path,
    ).toBe('scaler.mean');
    expect(
      refusal((d) => {
        d.supportVectors = [
          [[1], [2]],
          [3, 4],
        ];
      }).path,
    ).toBe('supportVectors[0][0]');
  });

  it('refuses 10⁷ declared support vectors before allocating them', () => {
    // A sparse array: its length is declared, its rows are not there (nothing to read first).
    const error = refusal((d) => {
      d.supportVectors = new Array(10_000_000);
      d.dualCoef = [];
    });
    expect(error.path).toBe('supportVectors');
    expect(error.message).toBe(
      `supportVectors: 10000000 support vectors; at most ${DEFAULT_MAX_SUPPORT_VECTORS} (maxSupportVectors)`,
    );
    const small = refusal(
      (d) => {
        d.supportVectors = [
          [1, 2],
          [3, 4],
          [5, 6],
        ];
      },
      { maxSupportVectors: 2 },
    );
    expect(small.message).toContain('3 support vectors; at most 2');
  });

  it('has no nFeatures to lie about: features name the width, and none or a wrong count is refused', () => {
    expect(
      refusal((d) => {
        d.nFeatures = -1;
      }).message,
    ).toBe('nFeatures: unknown field');
    expect(
      refusal((d) => {
        d.features = [];
      }).path,
    ).toBe('features');
    expect(
      refusal((d) => {
        d.features = ['a'];
      }).path,
    ).toBe('scaler.mean');
  });

  it('refuses a wrong kernel, prototype keys and wrong types', () => {
    expect(
      refusal((d) => {
        d.kernel = 'precomputed';
      }).path,
    ).toBe('kernel');
    expect(
      refusal((d) => {
        d.kernel = ['rbf'];
      }).path,
    ).toBe('kernel');
    expect(
      refusal((d) => {
        d.degree = 1e300;
      }).path,
    ).toBe('degree');
    const polluted = JSON.parse(JSON.stringify(doc()).replace('{', '{"__proto__":{"polluted":1},'));
    expect(() => parseModel(polluted)).toThrow('__proto__: unknown field');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses every truncation of a valid file as a ModelFormatError', () => {
    const bytes = Buffer.from(JSON.stringify(doc()));
    expect(readModelFile(bytes).source).toBe('json');
    const accepted: number[] = [];
    for (let n = 0; n < bytes.length; n++) {
      try {
        readModelFile(bytes.subarray(0, n));
        accepted.push(n);
      } catch (error) {
        if (
          !(error instanceof Error) ||
          !['ModelFormatError', 'UnsupportedModelError'].includes(error.name)
        )
          throw error;
      }
    }
    expect(accepted).toEqual([]);
  });
});
