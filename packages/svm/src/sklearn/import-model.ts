import type { OcsvmModel } from '../model.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, detectModelFile, pickleBytes } from './container.js';
import { extractModel } from './extract-model.js';
import { unpickle } from './machine.js';

export interface ImportSklearnOptions {
  /**
   * Input column names, in order. Default: the model's `feature_names_in_` when it was fitted
   * on named columns (scikit-learn ≥ 1.0), else `x0`, `x1`, …. A RangeError if the count does
   * not match the model.
   */
  readonly features?: readonly string[];
  /** Refuse compressed files that inflate beyond this many bytes. Default 256 MiB. */
  readonly maxDecompressedBytes?: number;
}

/**
 * Reads a scikit-learn OneClassSVM (bare, or in a Pipeline after a StandardScaler) from the
 * bytes of a pickle (protocols 0–5, scikit-learn 0.19 onwards, numpy 1.x or 2.x) or a joblib
 * file (plain, zlib or gzip). Nothing in the file is ever executed: globals resolve only
 * through an allow-list to inert descriptors, and the result is built from the objects' state.
 *
 * @throws PickleSecurityError when the file names any other global (e.g. `os.system`).
 * @throws UnsupportedModelError for other estimators, kernels or compressions, and for
 *   truncated or corrupt bytes.
 */
export function importSklearnModel(
  bytes: Uint8Array,
  options: ImportSklearnOptions = {},
): OcsvmModel {
  const kind = detectModelFile(bytes);
  const max = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const { value, protocol, joblibArrays } = unpickle(pickleBytes(bytes, kind, max));
  const compression = kind === 'joblib-zlib' ? 'zlib' : kind === 'joblib-gzip' ? 'gzip' : 'none';
  const format = compression !== 'none' || joblibArrays > 0 ? 'joblib' : 'pickle';
  return extractModel(value, { format, protocol, compression }, options.features);
}
