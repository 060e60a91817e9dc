import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PickleSecurityError, UnsupportedModelError } from './errors.js';
import { importSklearnModel } from './import-model.js';
import { unpickle } from './machine.js';

// Damaged input must fail with one of the package's typed errors, quickly: never a TypeError,
// a RangeError from an allocation, a stack overflow or a hang.
const dir = new URL('../../fixtures/sklearn/models/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));

function outcome(bytes: Uint8Array): 'ok' | 'refused' {
  try {
    importSklearnModel(bytes);
    return 'ok';
  } catch (error) {
    if (error instanceof UnsupportedModelError || error instanceof PickleSecurityError)
      return 'refused';
    throw error;
  }
}

const cases = [
  'pipe-rbf-1f-p0.pkl',
  'pipe-rbf-1f-p2.pkl',
  'pipe-rbf-1f-p3.pkl',
  'pipe-rbf-1f-p4.pkl',
  'pipe-rbf-1f-p5.pkl',
  'pipe-named-3f-joblib.joblib',
  'pipe-named-3f-joblib-zlib.joblib',
  'pipe-named-3f-joblib-gzip.joblib',
];

describe('damaged files', () => {
  it.each(cases)('%s: every truncation is refused as corrupt', (name) => {
    const bytes = fixture(name);
    const imported: number[] = []; // one expect at the end: per-iteration expects are slow
    for (let n = 0; n < bytes.length; n++) {
      if (outcome(bytes.subarray(0, n)) === 'ok') imported.push(n);
    }
    expect(imported).toEqual([]);
  });

  it.each(cases)('%s: random byte damage is imported or refused, never crashes', (name) => {
    const bytes = fixture(name);
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // deterministic LCG
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 250; trial++) {
      const damaged = bytes.slice();
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      }
      outcome(damaged);
    }
  });

  it('refuses an array whose shape promises more data than it has, without allocating it', () => {
    // _frombuffer(b'', dtype('f8'), (10**15,), 'C') at protocol 4
    const str = (text: string) => [0x8c, text.length, ...Buffer.from(text)]; // SHORT_BINUNICODE
    // biome-ignore format: one pickle operation per line
    const bytes = Uint8Array.from([
      0x80, 4, ...str('numpy.core.numeric'), ...str('_frombuffer'), 0x93, // PROTO, STACK_GLOBAL
      0x28, 0x43, 0, // MARK, SHORT_BINBYTES b''
      ...str('numpy'), ...str('dtype'), 0x93, ...str('f8'), 0x89, 0x88, 0x87, 0x52, // dtype(…)
      0x8a, 7, 0x00, 0x80, 0xc6, 0xa4, 0x7e, 0x8d, 0x03, 0x85, // LONG1 10**15, TUPLE1
      ...str('C'), 0x74, 0x52, 0x2e, // TUPLE, REDUCE, STOP
    ]);
    expect(() => unpickle(bytes)).toThrow(/needs 8000000000000000 bytes, got 0/);
  });

  it('survives deep nesting and long runs without recursion', () => {
    const depth = 200_000;
    // EMPTY_LIST × depth, then APPEND × (depth − 1): a list nested 200k deep.
    const nested = new Uint8Array(2 + 2 * depth);
    nested.set([0x80, 2]);
    nested.fill(0x5d, 2, 2 + depth);
    nested.fill(0x61, 2 + depth, 1 + 2 * depth);
    nested[1 + 2 * depth] = 0x2e;
    expect(() => importSklearnModel(nested)).toThrow(/the file holds a list/);
    const marks = new Uint8Array(depth + 3).fill(0x28);
    marks.set([0x80, 2]);
    marks[depth + 2] = 0x2e;
    expect(() => unpickle(marks)).toThrow(/stack underflow/);
  });

  it('refuses a pickle that repeats a large copy instead of spending its time on it', () => {
    // _codecs.encode of one memoised 200 000-character string, 2 000 times: 9 bytes per copy.
    const big = 200_000;
    const head = [0x80, 2, ...Buffer.from('c_codecs\nencode\n'), 0x71, 0, 0x58];
    const length = [big & 0xff, (big >> 8) & 0xff, big >> 16, 0];
    const tail = [0x71, 1, 0x8c, 6, ...Buffer.from('latin1'), 0x71, 2];
    const copy = [0x68, 0, 0x68, 1, 0x68, 2, 0x86, 0x52, 0x30]; // GET×3, TUPLE2, REDUCE, POP
    const bytes = Uint8Array.from([
      ...head,
      ...length,
      ...new Uint8Array(big).fill(0x61),
      ...tail,
      ...Array.from({ length: 2000 }, () => copy).flat(),
      0x4e,
      0x2e,
    ]);
    expect(() => unpickle(bytes)).toThrow(/far more copying than its size justifies/);
  });

  it('reads huge integers in linear time and refuses absurd decimal ones', () => {
    const long4 = Uint8Array.from([
      0x80,
      2,
      0x8b,
      0xa0,
      0x86,
      0x01,
      0,
      ...new Uint8Array(100_000).fill(0x11),
      0x2e,
    ]);
    expect(typeof unpickle(long4).value).toBe('bigint');
    const digits = Buffer.from(`L${'9'.repeat(5000)}L\n.`);
    expect(() => unpickle(digits)).toThrow(/over 4300 digits/);
  });

  it('bounds decompression output', () => {
    const bytes = fixture('pipe-named-3f-joblib-zlib.joblib');
    expect(() => importSklearnModel(bytes, { maxDecompressedBytes: 100 })).toThrow(
      /cannot decompress zlib joblib file/,
    );
  });
});
