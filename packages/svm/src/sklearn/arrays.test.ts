import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dtypeString } from './dtype.js';
import { unpickle } from './machine.js';
import { arrayValues } from './ndarray.js';
import { isNdArray, type PyValue } from './values.js';

// numpy arrays of every supported dtype, both byte orders, C and Fortran order, 0-d, empty,
// object and unicode arrays and numpy scalars, pickled with protocols 2–5 and by joblib.
const dir = new URL('../../fixtures/sklearn/arrays/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('arrays.expected.json', dir), 'utf8')) as Record<
  string,
  { shape: number[]; dtype: string; values: (number | string | boolean)[] }
> & { _scalars: Record<string, number | boolean> };

const SPECIAL: Record<string, number> = { nan: Number.NaN, inf: Infinity, '-inf': -Infinity };

/** Expected JSON values as JS values: non-finite floats are written as strings. */
function jsValues(key: string): PyValue[] {
  const { values, dtype } = expected[key]!;
  return values.map((v) => (typeof v === 'string' && !/[OU]/.test(dtype) ? SPECIAL[v]! : v));
}

describe.each([
  'arrays-p2.pkl',
  'arrays-p3.pkl',
  'arrays-p4.pkl',
  'arrays-p5.pkl',
  'arrays.joblib',
])('%s', (file) => {
  const result = unpickle(readFileSync(new URL(file, dir)));
  const root = result.value as Map<PyValue, PyValue>;
  const keys = Object.keys(expected).filter((k) => k !== '_scalars');

  it('is a dict of every array', () => {
    expect(root).toBeInstanceOf(Map);
    expect([...root.keys()].sort()).toEqual([...keys, '_scalars'].sort());
    expect(result.joblibArrays > 0).toBe(file.endsWith('.joblib'));
  });

  it.each(keys)('%s: dtype, shape and values in C order, bit for bit', (key) => {
    const arr = root.get(key)!;
    if (!isNdArray(arr)) throw new Error(`${key} is not an array`);
    expect(dtypeString(arr.dtype!)).toBe(expected[key]!.dtype);
    expect(arr.shape).toEqual(expected[key]!.shape);
    expect(arrayValues(arr)).toEqual(jsValues(key));
  });

  it('reads numpy scalars as plain values', () => {
    expect(Object.fromEntries(root.get('_scalars') as Map<string, PyValue>)).toEqual(
      expected._scalars,
    );
  });
});
