import { checkDecodable, dtypeString, readElement } from './dtype.js';
import { UnsupportedModelError } from './errors.js';
import {
  type DType,
  describe,
  isDType,
  isGlobal,
  isSequence,
  type NdArray,
  type PyValue,
} from './values.js';

function fail(problem: string): never {
  throw new UnsupportedModelError(`malformed numpy array: ${problem}`);
}

const latin1Bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** A shape tuple of non-negative integers; product overflow is refused, not wrapped. */
export function parseShape(value: PyValue): number[] {
  if (typeof value === 'number') value = [value];
  if (!isSequence(value)) fail(`shape is ${describe(value)}`);
  const shape = value.map((d) =>
    typeof d === 'number' && Number.isSafeInteger(d) && d >= 0 ? d : fail(`shape ${String(d)}`),
  );
  elementCount(shape);
  return shape;
}

export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const d of shape) count *= d;
  if (!Number.isSafeInteger(count)) fail(`shape ${shape.join('×')} is too large`);
  return count;
}

/**
 * Fills in an array once its dtype, shape and data are known, checking that the data has
 * exactly the bytes (or items) the shape needs before anything trusts it.
 */
export function setArray(
  arr: NdArray,
  dtype: PyValue,
  shape: PyValue,
  fortran: boolean,
  data: PyValue,
): NdArray {
  if (!isDType(dtype)) fail(`dtype is ${describe(dtype)}`);
  const dims = parseShape(shape);
  const count = elementCount(dims);
  if (typeof data === 'string') data = latin1Bytes(data); // Python 2 str payloads
  if (dtype.char === 'O') {
    if (!isSequence(data) || data.length !== count) fail(`expected ${count} objects`);
  } else {
    if (!(data instanceof Uint8Array)) fail(`data is ${describe(data)}`);
    if (data.length !== count * dtype.itemSize) {
      fail(
        `${dtypeString(dtype)} ${dims.join('×')} needs ${count * dtype.itemSize} bytes, got ${data.length}`,
      );
    }
  }
  arr.dtype = dtype;
  arr.shape = dims;
  arr.fortran = fortran && dims.length > 1;
  arr.data = data;
  return arr;
}

/** `_reconstruct(ndarray, (0,), b'b')`: the empty array that BUILD then fills in. */
export function reconstructArray(args: readonly PyValue[]): NdArray {
  if (!isGlobal(args[0] ?? null, 'ndarray'))
    fail(`cannot reconstruct ${describe(args[0] ?? null)}`);
  return { kind: 'ndarray', dtype: null, shape: [0], fortran: false, data: new Uint8Array(0) };
}

/** BUILD on an array: `(version, shape, dtype, is_fortran, data)`, or without the version. */
export function buildArray(arr: NdArray, state: PyValue): void {
  if (!isSequence(state) || (state.length !== 5 && state.length !== 4)) {
    fail(`state is ${describe(state)}`);
  }
  const [shape, dtype, fortran, data] = state.length === 5 ? state.slice(1) : state;
  setArray(arr, dtype ?? null, shape ?? null, fortran === true, data ?? null);
}

/** Protocol 5's `_frombuffer(buffer, dtype, shape, order)`. */
export function arrayFromBuffer(args: readonly PyValue[]): NdArray {
  const [buffer, dtype, shape, order] = args;
  const arr: NdArray = { kind: 'ndarray', dtype: null, shape: [], fortran: false, data: [] };
  return setArray(arr, dtype ?? null, shape ?? null, order === 'F', buffer ?? null);
}

/** `scalar(dtype, bytes)`: a numpy scalar (`_gamma`, `offset_`) as a plain JS value. */
export function scalarValue(args: readonly PyValue[]): PyValue {
  const [dtype, data] = args;
  if (!isDType(dtype ?? null)) fail(`scalar dtype is ${describe(dtype ?? null)}`);
  const d = dtype as DType;
  if (d.char === 'O') return data ?? null;
  const arr: NdArray = { kind: 'ndarray', dtype: null, shape: [], fortran: false, data: [] };
  setArray(arr, d, [], false, data ?? null);
  checkDecodable(d);
  const bytes = arr.data as Uint8Array;
  return readElement(d, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0);
}

/** Element values in C order, whatever the memory order. */
export function arrayValues(arr: NdArray): PyValue[] {
  const { dtype, shape, data } = arr;
  if (dtype === null) fail('array state missing (no BUILD)');
  checkDecodable(dtype);
  const count = elementCount(shape);
  const view = isSequence(data) ? null : new DataView(data.buffer, data.byteOffset, data.length);
  const read = (i: number): PyValue =>
    view === null
      ? ((data as readonly PyValue[])[i] ?? null)
      : readElement(dtype, view, i * dtype.itemSize);
  const out: PyValue[] = new Array(count);
  if (!arr.fortran) {
    for (let i = 0; i < count; i++) out[i] = read(i);
    return out;
  }
  // Fortran order: the first index varies fastest. Walk C order, tracking the F offset.
  const strides = shape.map((_, j) => shape.slice(0, j).reduce((a, b) => a * b, 1));
  const index = shape.map(() => 0);
  for (let n = 0; n < count; n++) {
    out[n] = read(index.reduce((sum, i, j) => sum + i * strides[j]!, 0));
    for (let j = shape.length - 1; j >= 0 && ++index[j]! >= shape[j]!; j--) index[j] = 0;
  }
  return out;
}

/** A numeric array as float64 in C order (booleans as 0/1); `what` names it in errors. */
export function toFloat64(arr: NdArray, what: string): Float64Array {
  const values = arrayValues(arr);
  const out = new Float64Array(values.length);
  values.forEach((v, i) => {
    if (typeof v === 'number' || typeof v === 'bigint') out[i] = Number(v);
    else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else throw new UnsupportedModelError(`${what} holds ${describe(v)}, not a number`);
  });
  return out;
}
