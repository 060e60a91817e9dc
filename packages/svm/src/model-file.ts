import { ModelFormatError } from './errors.js';
import type { OcsvmModel } from './model.js';
import { parseModel } from './parse-model.js';
import { detectModelFile } from './sklearn/container.js';
import { UnsupportedModelError } from './sklearn/errors.js';
import { type ImportSklearnOptions, importSklearnModel } from './sklearn/import-model.js';

/** What a model file held: a v1 JSON document, a scikit-learn pickle, or a joblib file. */
export type ModelFileSource = 'json' | 'pickle' | 'joblib';

/**
 * Reads the bytes of a model file of any supported kind, told apart by content rather than by
 * name: a `fleetscore.ocsvm/v1` JSON document, a scikit-learn pickle, or a joblib file. Pickles
 * are read by the restricted importer, which never executes anything. `options` apply to
 * pickles and joblib files only (a JSON document names its own features).
 *
 * @throws ModelFormatError for JSON that does not parse or is not a valid v1 document.
 * @throws PickleSecurityError for a pickle naming a global outside the allow-list.
 * @throws UnsupportedModelError for other estimators, compressions and unknown content.
 * @throws RangeError when `options.features` does not match the model's feature count.
 */
export function readModelFile(
  bytes: Uint8Array,
  options: ImportSklearnOptions = {},
): { model: OcsvmModel; source: ModelFileSource } {
  const kind = detectModelFile(bytes);
  if (kind === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (error) {
      throw new ModelFormatError('', `not JSON: ${(error as Error).message}`, { cause: error });
    }
    return { model: parseModel(doc), source: 'json' };
  }
  if (kind === 'pickle') return { model: importSklearnModel(bytes, options), source: 'pickle' };
  // The importer itself refuses other compressors with a hint on how to re-save the file.
  if (kind.startsWith('joblib') || kind.startsWith('unknown-compressed')) {
    return { model: importSklearnModel(bytes, options), source: 'joblib' };
  }
  throw new UnsupportedModelError(
    `not a model file Fleetscore reads (${kind}): expected a fleetscore.ocsvm/v1 JSON document, a scikit-learn pickle, or a joblib file`,
  );
}
