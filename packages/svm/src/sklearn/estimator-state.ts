import { globalPath } from './allow-list.js';
import { UnsupportedModelError } from './errors.js';
import { arrayValues, toFloat64 } from './ndarray.js';
import {
  describe,
  isInstance,
  isNdArray,
  type NdArray,
  type PyInstance,
  type PyValue,
} from './values.js';

/**
 * Typed reads of an estimator's `__dict__` as BUILD left it. Every accessor names the class
 * and attribute in its error, so a refused file says exactly what was missing or odd.
 */
export class EstimatorState {
  /** The class path as the pickle named it, e.g. `sklearn.svm._classes.OneClassSVM`. */
  readonly path: string;
  private readonly dict: Map<PyValue, PyValue>;

  constructor(instance: PyInstance) {
    this.path = globalPath(instance.cls);
    this.dict = instance.state instanceof Map ? instance.state : new Map();
  }

  static of(value: PyValue, what: string): EstimatorState {
    if (!isInstance(value)) fail(`${what} is ${describe(value)}`);
    return new EstimatorState(value);
  }

  has(key: string): boolean {
    return this.dict.has(key);
  }

  /** The raw attribute; `undefined` when absent, `null` for None. */
  get(key: string): PyValue | undefined {
    return this.dict.get(key);
  }

  private bad(key: string, expected: string): never {
    return fail(
      `${this.path}.${key} should be ${expected}, found ${describe(this.get(key) ?? null)}`,
    );
  }

  /** The first of `keys` that is present (sklearn renamed or duplicated several attributes). */
  first(...keys: string[]): string | undefined {
    return keys.find((key) => this.has(key));
  }

  number(key: string, fallback?: number): number {
    const value = this.get(key);
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'boolean') return value ? 1 : 0;
    return this.bad(key, 'a finite number');
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.get(key);
    if (value === undefined) return fallback;
    return typeof value === 'boolean' ? value : this.bad(key, 'True or False');
  }

  array(key: string): NdArray {
    const value = this.get(key);
    return isNdArray(value ?? null) ? (value as NdArray) : this.bad(key, 'a numpy array');
  }

  /** A numeric array as finite float64 values in C order, with its shape. */
  floats(key: string): { values: Float64Array; shape: readonly number[] } {
    const arr = this.array(key);
    const values = toFloat64(arr, `${this.path}.${key}`);
    if (!values.every(Number.isFinite)) this.bad(key, 'finite numbers');
    return { values, shape: arr.shape };
  }

  /** `feature_names_in_` (scikit-learn ≥ 1.0, set when fitted on named columns), if any. */
  featureNames(): string[] | null {
    const value = this.get('feature_names_in_');
    if (value === undefined || value === null) return null;
    if (!isNdArray(value)) return this.bad('feature_names_in_', 'an array of names');
    const names = arrayValues(value);
    return names.every((n) => typeof n === 'string')
      ? (names as string[])
      : this.bad('feature_names_in_', 'strings');
  }
}

export function fail(problem: string): never {
  throw new UnsupportedModelError(problem);
}
