import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toDocument } from './document.js';
import { isModelFormatError } from './errors.js';
import { readModelFile } from './model-file.js';
import { isPickleSecurityError, isUnsupportedModelError } from './sklearn/errors.js';
import { importSklearnModel } from './sklearn/import-model.js';

const fixtures = new URL('../fixtures/sklearn/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures));

function errorOf(bytes: Uint8Array): unknown {
  try {
    readModelFile(bytes);
  } catch (error) {
    return error;
  }
  throw new Error('the file was read');
}

describe('readModelFile tells model files apart by content', () => {
  it('reads pickles, joblib files and v1 documents, naming the source', () => {
    const pickle = read('models/ocsvm-rbf-2f-p4.pkl');
    const fromPickle = readModelFile(pickle);
    expect(fromPickle).toEqual({ model: importSklearnModel(pickle), source: 'pickle' });
    const joblib = read('models/ocsvm-named-2f-joblib-zlib.joblib');
    expect(readModelFile(joblib).source).toBe('joblib');
    const json = new TextEncoder().encode(` \n${JSON.stringify(toDocument(fromPickle.model))}`);
    expect(readModelFile(json)).toEqual({ model: fromPickle.model, source: 'json' });
  });

  it('passes feature names to the importer', () => {
    const { model } = readModelFile(read('models/ocsvm-rbf-2f-p4.pkl'), { features: ['a', 'b'] });
    expect(model.features).toEqual(['a', 'b']);
  });

  it('refuses bad JSON, hostile pickles and unknown bytes with typed errors', () => {
    const broken = errorOf(new TextEncoder().encode('{"format": '));
    expect(isModelFormatError(broken) && broken.message).toMatch(/^document: not JSON/);
    expect(isModelFormatError(errorOf(new TextEncoder().encode('{"format": "x"}')))).toBe(true);
    expect(isPickleSecurityError(errorOf(read('refused/os-system.pkl')))).toBe(true);
    const unknown = errorOf(Uint8Array.from([1, 2, 3]));
    expect(isUnsupportedModelError(unknown) && unknown.message).toMatch(/^not a model file/);
  });
});
