import { gunzipSync, inflateSync } from 'node:zlib';
import { UnsupportedModelError } from './errors.js';

/** Compressions joblib can write that this importer refuses (Node has no decoder for them). */
export type UnsupportedCompression = 'lz4' | 'xz' | 'lzma' | 'bz2';

/**
 * What a model file is, told by its content: a pickle, a joblib file (plain, or compressed as
 * one zlib or gzip stream), a JSON document, a joblib compression this package cannot read, or
 * none of these.
 */
export type ModelFileKind =
  | 'pickle'
  | 'joblib'
  | 'joblib-zlib'
  | 'joblib-gzip'
  | 'json'
  | `unknown-compressed:${UnsupportedCompression}`
  | 'unknown';

// joblib's compressor prefixes (joblib/compressor.py).
const MAGIC: readonly [UnsupportedCompression, readonly number[]][] = [
  ['lz4', [0x04, 0x22, 0x4d, 0x18]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bz2', [0x42, 0x5a, 0x68]],
  ['lzma', [0x5d, 0x00]],
];

function startsWith(bytes: Uint8Array, prefix: ArrayLike<number>, at = 0): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

// joblib's plain files name their array wrapper class before the first array.
const WRAPPER = new TextEncoder().encode('NumpyArrayWrapper');

function hasWrapper(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(WRAPPER[0]!); i >= 0; i = bytes.indexOf(WRAPPER[0]!, i + 1)) {
    if (startsWith(bytes, WRAPPER, i)) return true;
  }
  return false;
}

/**
 * Sniffs a model file. Protocol 2+ pickles start with PROTO (0x80); protocols 0–1 are accepted
 * when they open with a MARK, GLOBAL or empty container and end with STOP.
 */
export function detectModelFile(bytes: Uint8Array): ModelFileKind {
  const [b0, b1] = [bytes[0], bytes[1]];
  if (b0 === 0x80 && b1 !== undefined && b1 <= 0x0f) return hasWrapper(bytes) ? 'joblib' : 'pickle';
  // zlib: CM=8 in the low nibble of 0x78, and a header checksum divisible by 31.
  if (b0 === 0x78 && b1 !== undefined && (b0 * 256 + b1) % 31 === 0) return 'joblib-zlib';
  if (b0 === 0x1f && b1 === 0x8b) return 'joblib-gzip';
  for (const [name, magic] of MAGIC) {
    if (startsWith(bytes, magic)) return `unknown-compressed:${name}`;
  }
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0; // a UTF-8 byte-order mark
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  if (bytes[i] === 0x7b) return 'json'; // {
  if (b0 !== undefined && [0x28, 0x63, 0x5d, 0x7d, 0x29].includes(b0) && bytes.at(-1) === 0x2e) {
    return 'pickle';
  }
  return 'unknown';
}

/** Compressed input larger than this, decompressed, is refused (a decompression bomb). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

/**
 * The pickle bytes inside a file of the given kind, decompressing joblib's zlib / gzip streams
 * (with the output bounded). Refuses kinds that are not pickles, naming what they are.
 */
export function pickleBytes(
  bytes: Uint8Array,
  kind: ModelFileKind,
  maxOutputLength = DEFAULT_MAX_DECOMPRESSED_BYTES,
): Uint8Array {
  if (kind === 'pickle' || kind === 'joblib') return bytes;
  if (kind === 'joblib-zlib' || kind === 'joblib-gzip') {
    const name = kind === 'joblib-zlib' ? 'zlib' : 'gzip';
    try {
      return (kind === 'joblib-zlib' ? inflateSync : gunzipSync)(bytes, { maxOutputLength });
    } catch (error) {
      throw new UnsupportedModelError(
        `cannot decompress ${name} joblib file (corrupt, truncated, or larger than ${maxOutputLength} bytes): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  if (kind.startsWith('unknown-compressed:')) {
    const name = kind.slice('unknown-compressed:'.length);
    throw new UnsupportedModelError(
      `joblib files compressed with ${name} are not supported; re-save with compress=('zlib', 3) or ('gzip', 3)`,
    );
  }
  if (kind === 'json') {
    throw new UnsupportedModelError(
      'this is a JSON document, not a pickle: read it with parseModel',
    );
  }
  throw new UnsupportedModelError(
    'not a scikit-learn pickle or joblib file (no pickle header and no known compression)',
  );
}
