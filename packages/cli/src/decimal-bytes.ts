/**
 * Decimal text in a byte buffer to float64 without making a string: exactly `Number(text)` for
 * the plain decimals a CSV of readings holds, NaN for anything else (the caller then asks
 * `Number` itself, so the result never depends on which path ran).
 *
 * Exact by Clinger's fast path: when the digits, read as an integer w, are below 2^53 and the
 * decimal exponent e is within ±22, both w and 10^|e| are float64 exactly, so the one IEEE
 * multiplication or division w × 10^e / w ÷ 10^−e rounds once, correctly — the same double
 * `Number` gives. Longer mantissas (16–19 digits) need a wider product than float64: not here.
 */

/** 10^0 … 10^22: every one exactly representable in float64. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const TWO_TO_53 = 2 ** 53;

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const E_UPPER = 69;
const E_LOWER = 101;

/**
 * `Number` of the ASCII decimal bytes[start, end) — `[+-]digits[.digits][(e|E)[+-]digits]`,
 * with at least one mantissa digit — when the fast path gives it exactly; NaN otherwise (any
 * other text, or a value outside the fast path).
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
    negative = bytes[i] === MINUS;
    i += 1;
  }
  let mantissa = 0;
  let digits = 0;
  /** Decimal exponent of the mantissa's last digit, before any `e`. */
  let scale = 0;
  let c = 0;
  for (; i < end; i += 1) {
    c = bytes[i]!;
    if (c < ZERO || c > NINE) break;
    mantissa = mantissa * 10 + (c - ZERO);
    digits += 1;
  }
  if (i < end && c === DOT) {
    for (i += 1; i < end; i += 1) {
      c = bytes[i]!;
      if (c < ZERO || c > NINE) break;
      mantissa = mantissa * 10 + (c - ZERO);
      digits += 1;
      scale -= 1;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end && (c === E_UPPER || c === E_LOWER)) {
    i += 1;
    let exponentNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      exponentNegative = bytes[i] === MINUS;
      i += 1;
    }
    let exponent = 0;
    const first = i;
    for (; i < end; i += 1) {
      c = bytes[i]!;
      if (c < ZERO || c > NINE) return Number.NaN;
      // Past this the value is 0 or Infinity, or the mantissa is long: `Number` decides.
      if (exponent > 1000) return Number.NaN;
      exponent = exponent * 10 + (c - ZERO);
    }
    if (i === first) return Number.NaN;
    scale += exponentNegative ? -exponent : exponent;
  }
  if (i !== end) return Number.NaN;
  // Every partial sum of the digits is an integer below the final one, so once the final one
  // is below 2^53 all of them were computed exactly.
  if (mantissa >= TWO_TO_53) return Number.NaN;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale >= 0 && scale <= 22) value = mantissa * POWERS_OF_TEN[scale]!;
  else if (scale < 0 && scale >= -22) value = mantissa / POWERS_OF_TEN[-scale]!;
  else return Number.NaN;
  return negative ? -value : value;
}
