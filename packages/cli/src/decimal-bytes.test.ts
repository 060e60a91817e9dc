import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from './decimal-bytes.js';

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'latin1');
  return parseDecimal(bytes, 0, bytes.length);
};

/** Decimal-looking text: sign, digits, a point, an exponent, and now and then a stray byte. */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+', '--', ' '),
    fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 }),
    fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 }), {
      nil: undefined,
    }),
    fc.option(
      fc.tuple(
        fc.constantFrom('e', 'E'),
        fc.constantFrom('', '-', '+'),
        fc.integer({ min: 0, max: 400 }),
      ),
      { nil: undefined },
    ),
    fc.constantFrom('', '', '', 'x', ' ', '.', 'e'),
  )
  .map(([sign, whole, fraction, exponent, tail]) => {
    const point = fraction === undefined ? '' : `.${fraction}`;
    const e = exponent === undefined ? '' : `${exponent[0]}${exponent[1]}${exponent[2]}`;
    return `${sign}${whole}${point}${e}${tail}`;
  });

describe('parseDecimal', () => {
  it('gives Number(text) or NaN (Number decides), never another double', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const x = parse(text);
        if (!Number.isNaN(x)) expect(Object.is(x, Number(text))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('is exact on float64 printed every way JavaScript prints them', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 17 }),
        (x, digits) => {
          for (const text of [
            String(x),
            x.toFixed(Math.min(digits, 12)),
            x.toPrecision(digits + 1),
            x.toExponential(digits),
          ]) {
            const y = parse(text);
            if (!Number.isNaN(y)) expect(Object.is(y, Number(text))).toBe(true);
          }
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('reads 16- and 17-digit mantissas exactly, leaving only near-ties to Number', () => {
    let read = 0;
    const runs = 20000;
    fc.assert(
      fc.property(
        fc.bigInt({ min: 2n ** 53n, max: 10n ** 17n - 1n }),
        fc.integer({ min: 1, max: 22 }),
        fc.boolean(),
        (w, e, negative) => {
          const digits = w.toString().padStart(e, '0');
          const text = `${negative ? '-' : ''}${digits.slice(0, -e) || '0'}.${digits.slice(-e)}`;
          const x = parse(text);
          if (Number.isNaN(x)) return;
          read += 1;
          expect(Object.is(x, Number(text))).toBe(true);
        },
      ),
      { numRuns: runs },
    );
    expect(read).toBeGreaterThan(runs * 0.99);
    // A tie (2^53 + 1 lies halfway between two float64): Number decides.
    expect(parse('9007199254740993.0')).toBeNaN();
  });

  it('takes the readings a CSV holds itself', () => {
    for (const [text, value] of [
      ['10.16', 10.16],
      ['-0', -0],
      ['+0.0', 0],
      ['1e-7', 1e-7],
      ['5.', 5],
      ['.5', 0.5],
      ['123456789012345', 123456789012345],
      ['-2.5E+3', -2500],
      ['0.000000000000000000001', 1e-21],
      ['18.759152492973953', 18.759152492973953],
      ['-0.00012345678901234567', -0.00012345678901234567],
    ] as const) {
      expect(Object.is(parse(text), value)).toBe(true);
    }
  });

  it('leaves to Number what it does not read: other syntax, long mantissas, far exponents', () => {
    for (const text of [
      '',
      '.',
      '-',
      'e5',
      '1e',
      '0x10',
      'Infinity',
      '1_0',
      '1 ',
      '123456789012345678',
      '1.23456789012345678',
      '1e23',
      '1e-23',
    ])
      expect(parse(text)).toBeNaN();
  });
});
