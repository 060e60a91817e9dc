import { existsSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectModelFile } from './container.js';
import {
  isPickleSecurityError,
  isUnsupportedModelError,
  PickleSecurityError,
  UnsupportedModelError,
} from './errors.js';
import { importSklearnModel } from './import-model.js';

// Hostile pickles (each would run a command, open a file or evaluate code if unpickled by
// Python) and honest models of kinds Fleetscore does not import; see refused/manifest.json.
const dir = new URL('../../fixtures/sklearn/refused/', import.meta.url);

interface Refusal {
  file: string;
  error: 'PickleSecurityError' | 'UnsupportedModelError';
  global?: string;
  marker?: string;
  messageContains?: string;
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Refusal[];
const hostile = manifest.filter((r) => r.marker !== undefined);
const unsupported = manifest.filter((r) => r.marker === undefined);

function importError(file: string): unknown {
  try {
    importSklearnModel(readFileSync(new URL(file, dir)));
  } catch (error) {
    return error;
  }
  throw new Error(`${file} was imported`);
}

describe('hostile pickles are refused without running anything', () => {
  it('has the hostile fixtures', () => expect(hostile.length).toBeGreaterThanOrEqual(12));

  it.each(hostile)('$file: PickleSecurityError naming $global, no marker file', (refusal) => {
    const marker = refusal.marker!;
    rmSync(marker, { force: true }); // a stale marker from elsewhere must not fail this run
    const error = importError(refusal.file);
    expect(error).toBeInstanceOf(PickleSecurityError);
    expect(isPickleSecurityError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PICKLE_FORBIDDEN_GLOBAL', global: refusal.global });
    expect((error as Error).message).toContain(refusal.global);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('models of other kinds are refused with a reason', () => {
  it.each(unsupported)('$file: $error mentioning "$messageContains"', (refusal) => {
    const error = importError(refusal.file);
    expect((error as Error).name).toBe(refusal.error);
    expect((error as Error).message).toContain(refusal.messageContains);
  });

  it('names the unsupported compression and how to re-save', () => {
    const bytes = readFileSync(new URL('compressed-xz.joblib', dir));
    expect(detectModelFile(bytes)).toBe('unknown-compressed:xz');
    expect(detectModelFile(readFileSync(new URL('compressed-bz2.joblib', dir)))).toBe(
      'unknown-compressed:bz2',
    );
    expect(() => importSklearnModel(bytes)).toThrow(
      "joblib files compressed with xz are not supported; re-save with compress=('zlib', 3) or ('gzip', 3)",
    );
    const lz4 = Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7);
    expect(detectModelFile(lz4)).toBe('unknown-compressed:lz4');
    expect(() => importSklearnModel(lz4)).toThrow(/compressed with lz4 are not supported/);
  });

  it('refuses an SVC as unsupported, not as an attack', () => {
    const error = importError('svc.pkl');
    expect(isUnsupportedModelError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MODEL' });
    expect((error as Error).message).toContain('sklearn.svm._classes.SVC is not supported');
  });

  it('refuses a JSON document with a pointer to parseModel', () => {
    const json = new TextEncoder().encode('{"format":"fleetscore.ocsvm/v1"}');
    expect(() => importSklearnModel(json)).toThrow(UnsupportedModelError);
    expect(() => importSklearnModel(json)).toThrow(/parseModel/);
  });
});
