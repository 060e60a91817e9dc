import { ModelFormatError } from './errors.js';

/**
 * Small readers for untrusted JSON values. Each one checks a value, copies it into the type the
 * model wants and throws a ModelFormatError naming the field path on the first problem.
 */

export type JsonObject = { readonly [key: string]: unknown };

/** A short, safe rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function fail(path: string, expected: string, value: unknown): never {
  throw new ModelFormatError(path, `expected ${expected}, got ${describe(value)}`);
}

export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An object whose keys are all in `fields` (a typo is an error, not a silent default). */
export function readObject(value: unknown, path: string, fields: readonly string[]): JsonObject {
  if (!isPlainObject(value)) fail(path, 'an object', value);
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) throw new ModelFormatError(join(path, key), 'unknown field');
  }
  return value;
}

/** A finite number, at least `min` when given. */
export function readNumber(value: unknown, path: string, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(path, min === -Infinity ? 'a finite number' : `a finite number ≥ ${min}`, value);
  }
  return value;
}

/** Exactly `length` finite numbers (each at least `min`); `why` explains the length. */
export function readNumbers(
  value: unknown,
  path: string,
  length: number,
  why = '',
  min = -Infinity,
): Float64Array {
  const note = why === '' ? '' : ` (${why})`;
  if (!Array.isArray(value)) fail(path, `an array of ${length} numbers${note}`, value);
  if (value.length !== length) {
    throw new ModelFormatError(path, `expected ${length} numbers${note}, got ${value.length}`);
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = readNumber(value[i], `${path}[${i}]`, min);
  return out;
}

/** A deep copy of a JSON value: plain objects, arrays, strings, finite numbers, booleans, null. */
export function cloneJson(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return readNumber(value, path);
  if (Array.isArray(value)) return value.map((item, i) => cloneJson(item, `${path}[${i}]`));
  if (!isPlainObject(value)) fail(path, 'a JSON value', value);
  // fromEntries defines own properties, so a "__proto__" key stays data, never a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, cloneJson(item, join(path, key))]),
  );
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
