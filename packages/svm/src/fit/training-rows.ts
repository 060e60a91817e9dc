import { TrainingError } from './errors.js';

/**
 * Checks the row-major training matrix and returns its row count l. libsvm has no notion of a
 * missing value, and scikit-learn's `check_array` refuses NaN and ±Infinity: so do we, naming
 * the first bad cell (0-based row, and the column by index and name).
 */
export function checkTrainingRows(
  rows: Float64Array,
  nFeatures: number,
  features?: readonly string[],
): number {
  if (!(rows instanceof Float64Array)) {
    throw new TrainingError('rows', 'expected a Float64Array (row-major, n × nFeatures)');
  }
  checkFeatureCount(nFeatures);
  if (rows.length === 0) throw new TrainingError('rows', 'the training set is empty');
  if (rows.length % nFeatures !== 0) {
    throw new TrainingError(
      'rows',
      `${rows.length} values is not a multiple of the ${nFeatures} features`,
    );
  }
  for (let k = 0; k < rows.length; k++) {
    const value = rows[k]!;
    if (!Number.isFinite(value)) {
      const row = Math.floor(k / nFeatures);
      const column = k % nFeatures;
      const name = features?.[column] ?? `x${column}`;
      throw new TrainingError(
        'rows',
        `row ${row}, column ${column} (${name}) is ${value}; training needs finite numbers`,
      );
    }
  }
  return rows.length / nFeatures;
}

export function checkFeatureCount(nFeatures: number): void {
  if (!(Number.isSafeInteger(nFeatures) && nFeatures >= 1)) {
    throw new TrainingError('nFeatures', `expected an integer ≥ 1, got ${String(nFeatures)}`);
  }
}
