import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toDocument } from '../document.js';
import { parseModel } from '../parse-model.js';
import { detectModelFile } from './container.js';
import { importSklearnModel } from './import-model.js';
import { type ExpectedModel, expectedFields, modelFields } from './model-fields.test-helper.js';

// Written by packages/svm/fixtures/gen_sklearn.py (scikit-learn 1.2.1); floats are repr-exact.
const dir = new URL('../../fixtures/sklearn/models/', import.meta.url);

const fixtures = readdirSync(dir)
  .filter((f) => !f.endsWith('.json'))
  .sort();

describe('importSklearnModel on scikit-learn 1.2 fixtures', () => {
  it('has the fixtures (run fixtures/gen_sklearn.py if not)', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures)('%s: every field exactly as scikit-learn stored it', (file) => {
    const bytes = readFileSync(new URL(file, dir));
    const expected = JSON.parse(
      readFileSync(new URL(file.replace(/\.(pkl|joblib)$/, '.expected.json'), dir), 'utf8'),
    ) as ExpectedModel;
    const model = importSklearnModel(bytes);
    expect(modelFields(model)).toEqual(expectedFields(expected));
    expect(model.supportVectors).toBeInstanceOf(Float64Array);
    // What `model import` will do: the imported model is a valid v1 document, losslessly.
    expect(parseModel(JSON.parse(JSON.stringify(toDocument(model))))).toEqual(model);
  });

  it('tells the file kinds apart by content', () => {
    const kind = (file: string) => detectModelFile(readFileSync(new URL(file, dir)));
    expect(kind('ocsvm-rbf-2f-p4.pkl')).toBe('pickle');
    expect(kind('ocsvm-rbf-2f-p0.pkl')).toBe('pickle');
    expect(kind('ocsvm-rbf-2f-p1.pkl')).toBe('pickle');
    expect(kind('pipe-rbf-1f-joblib.joblib')).toBe('joblib');
    expect(kind('pipe-rbf-1f-joblib-zlib.joblib')).toBe('joblib-zlib');
    expect(kind('pipe-rbf-1f-joblib-gzip.joblib')).toBe('joblib-gzip');
    expect(detectModelFile(new TextEncoder().encode(' \n{"format":"fleetscore.ocsvm/v1"}'))).toBe(
      'json',
    );
    expect(detectModelFile(new TextEncoder().encode('TS,Device,Tag,Value\n'))).toBe('unknown');
    expect(detectModelFile(new Uint8Array())).toBe('unknown');
  });

  it('uses given feature names, and checks their count', () => {
    const bytes = readFileSync(new URL('ocsvm-named-2f-p4.pkl', dir));
    expect(importSklearnModel(bytes, { features: ['a', 'b'] }).features).toEqual(['a', 'b']);
    expect(() => importSklearnModel(bytes, { features: ['a'] })).toThrow(RangeError);
  });

  it('records provenance: estimator class path, pipeline steps, sample count', () => {
    const model = importSklearnModel(readFileSync(new URL('pipe-passthrough-2f-p4.pkl', dir)));
    expect(model.training).toMatchObject({
      estimator: 'sklearn.svm._classes.OneClassSVM',
      pipeline: ['noop', 'scaler', 'svm'],
      nSamples: 60,
      params: { kernel: 'rbf', gamma: 'scale' },
    });
    expect(existsSync(new URL('../reference-expected.json', dir))).toBe(true);
  });
});
