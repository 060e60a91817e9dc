import type { ByteReader } from './byte-reader.js';
import { UnsupportedModelError } from './errors.js';
import { elementCount, parseShape, setArray } from './ndarray.js';
import {
  describe,
  isDType,
  isGlobal,
  isNdArray,
  type NdArray,
  type PyInstance,
  type PyValue,
} from './values.js';

function fail(problem: string): never {
  throw new UnsupportedModelError(`malformed joblib array: ${problem}`);
}

/**
 * Reads the array a joblib `NumpyArrayWrapper` stands for. joblib writes the array's bytes into
 * the file right after the wrapper's BUILD opcode, outside the pickle opcodes: one byte giving a
 * padding length p (joblib ≥ 1.2 aligns data to 16 bytes; older files have no such byte and no
 * `numpy_array_alignment_bytes`), p padding bytes, then the elements in the wrapper's `order`.
 * Object arrays are instead a complete protocol-2 pickle, read by `readNested`.
 */
export function readWrapperArray(
  wrapper: PyInstance,
  reader: ByteReader,
  readNested: (reader: ByteReader) => PyValue,
): NdArray {
  const state = wrapper.state;
  if (!(state instanceof Map)) return fail('NumpyArrayWrapper without state');
  const get = (key: string): PyValue => state.get(key) ?? null;
  const subclass = get('subclass');
  if (!isGlobal(subclass, 'ndarray')) fail(`array subclass ${describe(subclass)}`);
  const dtype = get('dtype');
  if (!isDType(dtype)) return fail(`dtype is ${describe(dtype)}`);
  const shape = parseShape(get('shape'));
  const order = get('order');
  if (order !== 'C' && order !== 'F') fail(`order ${String(order)}`);

  if (dtype.char === 'O') {
    const nested = readNested(reader);
    if (!isNdArray(nested)) fail(`object array pickled as ${describe(nested)}`);
    return nested;
  }
  if (get('numpy_array_alignment_bytes') !== null) {
    const padding = reader.u8();
    reader.slice(padding, 'joblib alignment padding');
  }
  const data = reader.slice(elementCount(shape) * dtype.itemSize, 'joblib array data');
  const arr: NdArray = { kind: 'ndarray', dtype: null, shape: [], fortran: false, data };
  return setArray(arr, dtype, shape, order === 'F', data);
}
