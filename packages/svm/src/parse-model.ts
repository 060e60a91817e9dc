import { ModelFormatError } from './errors.js';
import { type Kernel, MODEL_FORMAT, type OcsvmModel, type Scaler } from './model.js';
import {
  cloneJson,
  fail,
  isPlainObject,
  readNumber,
  readNumbers,
  readObject,
} from './read-json.js';

const FIELDS = [
  'format',
  'features',
  'scaler',
  'kernel',
  'gamma',
  'coef0',
  'degree',
  'supportVectors',
  'dualCoef',
  'intercept',
  'training',
];
const KERNELS: readonly string[] = ['rbf', 'linear', 'poly', 'sigmoid'] satisfies Kernel[];

/** Default of `ParseModelOptions.maxSupportVectors`. */
export const DEFAULT_MAX_SUPPORT_VECTORS = 1_000_000;

export interface ParseModelOptions {
  /**
   * Most support vectors accepted. A document declaring more is refused before anything is
   * allocated for it (scoring cost and memory grow with it: 10⁶ × 16 features is 128 MB).
   * scikit-learn models of a sensor's history hold thousands. Default 1,000,000.
   */
  readonly maxSupportVectors?: number;
}

/**
 * Validates a `fleetscore.ocsvm/v1` document (as `JSON.parse` returns it) and builds the
 * in-memory model. Every number must be finite and every shape consistent with
 * `features.length`; the first problem throws a ModelFormatError naming its field path.
 * Values are copied as they are (a zero scale stays 0; scoring treats it as 1), so
 * `toDocument(parseModel(d))` equals `d` once `scaler` and `training` are present.
 */
export function parseModel(doc: unknown, options: ParseModelOptions = {}): OcsvmModel {
  const root = readObject(doc, '', FIELDS);
  if (root.format !== MODEL_FORMAT) fail('format', JSON.stringify(MODEL_FORMAT), root.format);
  const features = readFeatures(root.features);
  const nFeatures = features.length;
  const scaler = readScaler(root.scaler, nFeatures);
  if (typeof root.kernel !== 'string' || !KERNELS.includes(root.kernel)) {
    fail('kernel', `one of ${KERNELS.join(', ')}`, root.kernel);
  }
  const kernel = root.kernel as Kernel;
  const gamma = readNumber(root.gamma, 'gamma', 0);
  const coef0 = readNumber(root.coef0, 'coef0');
  const degree = root.degree;
  // libsvm takes the degree as an int and raises by repeated squaring.
  if (typeof degree !== 'number' || !Number.isSafeInteger(degree) || degree < 0) {
    fail('degree', 'a non-negative integer', degree);
  }
  const max = options.maxSupportVectors ?? DEFAULT_MAX_SUPPORT_VECTORS;
  const supportVectors = readSupportVectors(root.supportVectors, nFeatures, max);
  const nSupport = supportVectors.length / nFeatures;
  const dualCoef = readNumbers(root.dualCoef, 'dualCoef', nSupport, 'one per support vector');
  const intercept = readNumber(root.intercept, 'intercept');
  const training = root.training === undefined ? {} : root.training;
  if (!isPlainObject(training)) fail('training', 'an object', training);
  return {
    features,
    nFeatures,
    nSupport,
    scaler,
    kernel,
    gamma,
    coef0,
    degree,
    supportVectors,
    dualCoef,
    intercept,
    training: cloneJson(training, 'training') as Record<string, unknown>,
  };
}

function readFeatures(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail('features', 'a non-empty array of names', value);
  }
  const seen = new Set<string>();
  return value.map((name: unknown, i) => {
    if (typeof name !== 'string' || name === '') fail(`features[${i}]`, 'a non-empty string', name);
    if (seen.has(name)) throw new ModelFormatError(`features[${i}]`, `duplicate name "${name}"`);
    seen.add(name);
    return name;
  });
}

function readScaler(value: unknown, nFeatures: number): Scaler | null {
  if (value === undefined || value === null) return null;
  const scaler = readObject(value, 'scaler', ['mean', 'scale']);
  const why = 'one per feature';
  return {
    mean: readNumbers(scaler.mean, 'scaler.mean', nFeatures, why),
    // A standard deviation: never negative. Zero (a constant feature) is scored as 1.
    scale: readNumbers(scaler.scale, 'scaler.scale', nFeatures, why, 0),
  };
}

/** The support vectors as one row-major Float64Array (nSupport × nFeatures). */
function readSupportVectors(value: unknown, nFeatures: number, max: number): Float64Array {
  if (!Array.isArray(value) || value.length === 0) {
    fail('supportVectors', 'a non-empty array of support vectors', value);
  }
  if (value.length > max) {
    throw new ModelFormatError(
      'supportVectors',
      `${value.length} support vectors; at most ${max} (maxSupportVectors)`,
    );
  }
  const out = new Float64Array(value.length * nFeatures);
  value.forEach((row: unknown, i) => {
    out.set(readNumbers(row, `supportVectors[${i}]`, nFeatures), i * nFeatures);
  });
  return out;
}
