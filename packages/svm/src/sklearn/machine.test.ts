import { describe, expect, it } from 'vitest';
import { PickleSecurityError, UnsupportedModelError } from './errors.js';
import { unpickle } from './machine.js';
import type { PyInstance, PyValue } from './values.js';

/** Hand-assembled pickles: strings are latin-1 bytes, numbers single bytes, arrays raw bytes. */
function p(...parts: (string | number | number[])[]): Uint8Array {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') bytes.push(part);
    else if (typeof part === 'string') for (const c of part) bytes.push(c.charCodeAt(0));
    else bytes.push(...part);
  }
  return Uint8Array.from(bytes);
}
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const f64be = (x: number) => Array.from(new Uint8Array(new Float64Array([x]).buffer)).reverse();
const value = (bytes: Uint8Array) => unpickle(bytes).value;

describe('the pickle machine', () => {
  it('reads protocol 2 scalars, strings and bytes', () => {
    // biome-ignore format: one pickle operation per line
    const bytes = p(
      0x80, 2, '(', // PROTO 2, MARK
      'K', 1, 'M', [0, 1], 'J', u32(-1), // BININT1 1, BININT2 256, BININT −1
      'N', 0x88, 0x89, 'G', f64be(1.5), // None, True, False, BINFLOAT 1.5
      'X', u32(3), 'abc', 'C', 2, 'xy', // BINUNICODE 'abc', SHORT_BINBYTES b'xy'
      't', '.', // TUPLE, STOP
    );
    expect(value(bytes)).toEqual([1, 256, -1, null, true, false, 1.5, 'abc', p('xy')]);
    expect(unpickle(bytes)).toMatchObject({ protocol: 2, joblibArrays: 0, end: bytes.length });
  });

  it('reads LONG1 / LONG4 as two’s complement, bigint beyond 2^53', () => {
    expect(value(p(0x80, 2, 0x8a, 9, [0, 0, 0, 0, 0, 0, 0, 0, 1], '.'))).toBe(2n ** 64n);
    expect(value(p(0x80, 2, 0x8a, 2, [0x00, 0xff], '.'))).toBe(-256);
    expect(value(p(0x80, 2, 0x8a, 0, '.'))).toBe(0);
    expect(value(p(0x80, 2, 0x8b, u32(1), [0x7f], '.'))).toBe(127);
  });

  it('reads protocol 0 text operands', () => {
    const bytes = p(
      "(I01\nI00\nI-42\nL12345678901234567890L\nF1.25\nS'a\\x00\\n'\n",
      'Vcaf\\u00e9\np0\ng0\nl.',
    );
    expect(value(bytes)).toEqual([
      true,
      false,
      -42,
      12345678901234567890n,
      1.25,
      'a\0\n',
      'café',
      'café',
    ]);
    expect(unpickle(bytes).protocol).toBe(0);
  });

  it('shares memoised objects by identity (BINPUT/BINGET, MEMOIZE)', () => {
    const [a, b] = value(p(0x80, 2, ']', 'q', 0, 'h', 0, 0x86, '.')) as PyValue[][];
    expect(a).toBe(b);
    const [c, d] = value(p(0x80, 4, ']', 0x94, 'h', 0, 0x86, '.')) as PyValue[][];
    expect(c).toBe(d);
  });

  it('builds containers: dict, list, set, frozenset, tuples', () => {
    expect(value(p(0x80, 2, '}', '(', 'K', 1, 'K', 2, 'K', 3, 'K', 4, 'u', '.'))).toEqual(
      new Map([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(value(p('(K', 1, 'K', 2, 'd.'))).toEqual(new Map([[1, 2]]));
    expect(value(p(0x80, 2, ']', 'K', 1, 'a', '(', 'K', 2, 'K', 3, 'e', '.'))).toEqual([1, 2, 3]);
    expect(value(p(0x80, 4, 0x8f, '(', 'K', 1, 'K', 1, 0x90, '.'))).toEqual(new Set([1]));
    expect(value(p(0x80, 4, '(', 'K', 5, 0x91, '.'))).toEqual(new Set([5]));
    const t = value(p(0x80, 2, 'K', 1, 'K', 2, 'K', 3, 0x87, '.'));
    expect(t).toEqual([1, 2, 3]);
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('handles POP, POP_MARK and DUP', () => {
    expect(value(p(0x80, 2, 'K', 1, 'K', 2, '0', '.'))).toBe(1);
    expect(value(p(0x80, 2, 'K', 1, '(', 'K', 2, 'K', 3, '1', '.'))).toBe(1);
    expect(value(p(0x80, 2, 'K', 7, '2', 0x86, '.'))).toEqual([7, 7]);
  });

  it('turns _codecs.encode and bytes() into bytes, never calling anything', () => {
    expect(
      value(
        p(
          0x80,
          2,
          'c_codecs\nencode\n',
          'X',
          u32(3),
          'h\xc3\xa9',
          'X',
          u32(6),
          'latin1',
          0x86,
          'R.',
        ),
      ),
    ).toEqual(p('h\xe9'));
    expect(value(p(0x80, 2, 'c__builtin__\nbytes\n', ')R.'))).toEqual(new Uint8Array());
  });

  it('records NEWOBJ + BUILD of an allowed class as inert state', () => {
    const obj = value(
      p(
        0x80,
        2,
        'csklearn.svm._classes\nOneClassSVM\n',
        ')',
        0x81,
        '}',
        'X',
        u32(1),
        'k',
        'K',
        9,
        's',
        'b.',
      ),
    ) as PyInstance;
    expect(obj).toMatchObject({
      kind: 'instance',
      cls: { module: 'sklearn.svm._classes', name: 'OneClassSVM', role: 'estimator' },
    });
    expect(obj.state).toEqual(new Map([['k', 9]]));
  });

  it('refuses a forbidden global at STACK_GLOBAL, before its REDUCE', () => {
    const bytes = p(0x80, 4, 0x8c, 2, 'os', 0x8c, 6, 'system', 0x93, 0x8c, 2, 'id', 0x85, 'R.');
    expect(() => unpickle(bytes)).toThrow(PickleSecurityError);
    expect(() => unpickle(bytes.subarray(0, 16))).toThrow(/os\.system/); // ends right after STACK_GLOBAL
  });

  it('refuses GLOBAL, INST and extension codes', () => {
    expect(() => unpickle(p('cbuiltins\neval\n.'))).toThrow(
      expect.objectContaining({ global: 'builtins.eval' }),
    );
    expect(() => unpickle(p('(S"x"\nisubprocess\ncall\n.'))).toThrow(
      expect.objectContaining({ global: 'subprocess.call' }),
    );
    expect(() => unpickle(p(0x80, 2, 0x83, [1, 2], '.'))).toThrow(PickleSecurityError);
  });

  it('refuses to call allowed names that are not builders', () => {
    expect(() => unpickle(p(0x80, 2, 'cnumpy\nndarray\n', ')R.'))).toThrow(
      /calling numpy\.ndarray/,
    );
    expect(() => unpickle(p(0x80, 2, 'K', 1, ')R.'))).toThrow(/calling an int/);
    expect(() =>
      unpickle(
        p(
          0x80,
          2,
          'ccopy_reg\n_reconstructor\n',
          'cnumpy\ndtype\n',
          'cbuiltins\nobject\n',
          'N',
          0x87,
          'R.',
        ),
      ),
    ).toThrow(UnsupportedModelError);
  });

  it.each([
    ['no STOP', p(0x80, 2, 'K', 1), /ends without STOP/],
    ['an empty file', p(), /ends without STOP/],
    ['a memo miss', p(0x80, 2, 'h', 3, '.'), /memo entry 3/],
    ['stack underflow', p(0x80, 2, '.'), /stack underflow/],
    ['underflow through a MARK', p(0x80, 2, 'K', 1, '(', 0x85, '.'), /needs 1 items/],
    ['an unknown opcode', p(0x80, 2, 0xff, '.'), /unknown opcode 0xff/],
    ['protocol 6', p(0x80, 6, 'N.'), /protocol 6/],
    ['a persistent id', p(0x80, 2, 'N', 'Q.'), /persistent ids/],
    ['an out-of-band buffer', p(0x80, 5, 0x97, '.'), /out-of-band/],
    ['a FRAME past the end', p(0x80, 4, 0x95, [100, 0, 0, 0, 0, 0, 0, 0], 'N.'), /FRAME longer/],
    ['a string past the end', p(0x80, 2, 'X', u32(1000), 'abc.'), /needs 1000 bytes but 4 remain/],
    ['an absurd 8-byte length', p(0x80, 5, 0x96, [0, 0, 0, 0, 0, 0, 0, 0x10], '.'), /beyond 2\^53/],
    [
      'keyword arguments',
      p(0x80, 4, 'csklearn.pipeline\nPipeline\n', ')', '}', 'K', 1, 'K', 1, 's', 0x92, '.'),
      /keyword/,
    ],
    ['appending to a tuple', p(0x80, 2, ')', 'K', 1, 'a.'), /appending to a tuple/],
    ['setting items on a list', p(0x80, 2, ']', 'K', 1, 'K', 2, 's.'), /setting items on a list/],
    ['BUILD on a list', p(0x80, 2, ']', '}', 'b.'), /state of a list/],
    ['a bad INT operand', p('I12x\n.'), /bad integer/],
  ])('reports %s as a corrupt pickle', (_, bytes, message) => {
    expect(() => unpickle(bytes)).toThrow(UnsupportedModelError);
    expect(() => unpickle(bytes)).toThrow(message);
  });
});
