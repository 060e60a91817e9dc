import { UnsupportedModelError } from './errors.js';
import { latin1Decode } from './latin1.js';
import { type DType, describe, isSequence, type PyValue } from './values.js';

/** Item sizes numpy uses for each numeric kind this importer decodes. */
const NUMERIC_SIZES: Record<string, readonly number[]> = {
  f: [4, 8],
  i: [1, 2, 4, 8],
  u: [1, 2, 4, 8],
  b: [1],
};

/**
 * `numpy.dtype(name, align, copy)`: the name is kind + size (`f8`, `i4`, `b1`, `O8`, `U2`);
 * the byte order arrives later in BUILD. Kinds not decoded here (complex, datetime, void)
 * still make a dtype, so that only using one of their arrays fails.
 */
export function dtypeFromName(name: PyValue): DType {
  const match = typeof name === 'string' ? /^([<>|=]?)([A-Za-z])(\d*)$/.exec(name) : null;
  if (match === null) {
    throw new UnsupportedModelError(
      `unsupported numpy dtype ${typeof name === 'string' ? name : describe(name)}`,
    );
  }
  const char = match[2]!;
  const size = match[3] === '' ? (char === 'O' ? 8 : 1) : Number(match[3]);
  // numpy names unicode dtypes by character count; each character is 4 bytes (UTF-32).
  const itemSize = char === 'U' ? size * 4 : size;
  const order = match[1] === '>' ? '>' : match[1] === '<' || match[1] === '=' ? '<' : '|';
  return { kind: 'dtype', char, itemSize, byteOrder: order, structured: false };
}

/**
 * BUILD on a dtype: `(version, byteorder, subarray, names, fields, elsize, alignment, flags
 * [, metadata])`. '=' (native) is read as little-endian, the order of every platform numpy
 * pickles come from in practice.
 */
export function buildDType(dtype: DType, state: PyValue): void {
  if (!isSequence(state) || state.length < 2) {
    throw new UnsupportedModelError(`unexpected numpy dtype state ${describe(state)}`);
  }
  const order = state[1];
  if (order === '>') dtype.byteOrder = '>';
  else if (order === '<' || order === '=') dtype.byteOrder = '<';
  else if (order === '|') dtype.byteOrder = '|';
  else throw new UnsupportedModelError(`unexpected numpy byte order ${String(order)}`);
  dtype.structured = (state[3] ?? null) !== null || (state[2] ?? null) !== null;
}

/** A short spelling of a dtype as numpy's `dtype.str` (`<f8`, `|b1`), for messages. */
export function dtypeString(dtype: DType): string {
  if (dtype.char === 'O') return '|O';
  const size = dtype.char === 'U' ? dtype.itemSize / 4 : dtype.itemSize;
  return `${dtype.byteOrder}${dtype.char}${size}`;
}

/** Refuses dtypes whose elements this importer does not decode. */
export function checkDecodable(dtype: DType): void {
  const sizes = NUMERIC_SIZES[dtype.char];
  const ok =
    !dtype.structured &&
    (dtype.char === 'O' ||
      ((dtype.char === 'U' || dtype.char === 'S') && dtype.itemSize > 0) ||
      (sizes?.includes(dtype.itemSize) ?? false));
  if (!ok) throw new UnsupportedModelError(`numpy dtype ${dtypeString(dtype)} is not supported`);
}

/** One element at byte `at` of `view`. 8-byte integers beyond 2^53 stay exact as bigint. */
export function readElement(
  dtype: DType,
  view: DataView,
  at: number,
): number | bigint | boolean | string {
  const little = dtype.byteOrder !== '>';
  switch (dtype.char) {
    case 'f':
      return dtype.itemSize === 8 ? view.getFloat64(at, little) : view.getFloat32(at, little);
    case 'b':
      return view.getUint8(at) !== 0;
    case 'i':
    case 'u':
      return readInteger(dtype, view, at, little);
    case 'U':
    case 'S':
      return readText(dtype, view, at);
    default:
      throw new UnsupportedModelError(`numpy dtype ${dtypeString(dtype)} is not supported`);
  }
}

function readInteger(dtype: DType, view: DataView, at: number, little: boolean): number | bigint {
  const signed = dtype.char === 'i';
  switch (dtype.itemSize) {
    case 1:
      return signed ? view.getInt8(at) : view.getUint8(at);
    case 2:
      return signed ? view.getInt16(at, little) : view.getUint16(at, little);
    case 4:
      return signed ? view.getInt32(at, little) : view.getUint32(at, little);
    default: {
      const big = signed ? view.getBigInt64(at, little) : view.getBigUint64(at, little);
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big;
    }
  }
}

/** Fixed-width numpy text: trailing NULs are padding, as numpy strips them on access. */
function readText(dtype: DType, view: DataView, at: number): string {
  if (dtype.char === 'S') {
    let end = dtype.itemSize;
    while (end > 0 && view.getUint8(at + end - 1) === 0) end--;
    return latin1Decode(new Uint8Array(view.buffer, view.byteOffset + at, end));
  }
  // UTF-32 code points (no TextDecoder reads UTF-32); invalid ones become U+FFFD.
  const points: number[] = [];
  for (let i = 0; i < dtype.itemSize; i += 4) {
    const point = view.getUint32(at + i, dtype.byteOrder !== '>');
    points.push(point > 0x10ffff || (point >= 0xd800 && point < 0xe000) ? 0xfffd : point);
  }
  while (points.length > 0 && points[points.length - 1] === 0) points.pop();
  let text = '';
  for (const point of points) text += String.fromCodePoint(point);
  return text;
}
