/**
 * Decimal text in a byte buffer to float64 without making a string: exactly `Number(text)` for
 * the plain decimals a CSV of readings holds, NaN for anything else (the caller then asks
 * `Number` itself, so the result never depends on which path ran).
 *
 * Exact by Clinger's fast path: when the digits, read as an integer w, are below 2^53 and the
 * decimal exponent e is within ±22, both w and 10^|e| are float64 exactly, so the one IEEE
 * multiplication or division w × 10^e / w ÷ 10^−e rounds once, correctly — the same double
 * `Number` gives. Mantissas of 16 and 17 digits (every float64 JavaScript prints has at most
 * 17) with −22 ≤ e < 0 go through `longMantissa`, which checks its candidate exactly.
 */
import { DOT, E_LOWER, E_UPPER, MINUS, NINE, PLUS, ZERO } from './ascii.js';

/** 10^0 … 10^22: every one exactly representable in float64. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const TWO_TO_53 = 2 ** 53;

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
  /** Digits from the first non-zero one on: the first 9 also in `high`, the rest in `low`. */
  let significant = 0;
  let high = 0;
  let low = 0;
  /** Decimal exponent of the mantissa's last digit, before any `e`. */
  let scale = 0;
  let c = 0;
  /** 0 before the point, −1 after it: what each digit moves the scale by. */
  let fraction = 0;
  for (; i < end; i += 1) {
    c = bytes[i]!;
    if (c < ZERO || c > NINE) {
      if (c === DOT && fraction === 0) {
        fraction = -1;
        continue;
      }
      break;
    }
    mantissa = mantissa * 10 + (c - ZERO);
    digits += 1;
    scale += fraction;
    if (mantissa !== 0 && ++significant > 9) low = low * 10 + (c - ZERO);
    else high = high * 10 + (c - ZERO);
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
  if (mantissa >= TWO_TO_53) {
    if (significant > 17 || scale >= 0 || scale < -22) return Number.NaN;
    const a = high * POWERS_OF_TEN[significant - 9]!;
    const value = longMantissa(a, low, POWERS_OF_TEN[-scale]!);
    return negative ? -value : value;
  }
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale >= 0 && scale <= 22) value = mantissa * POWERS_OF_TEN[scale]!;
  else if (scale < 0 && scale >= -22) value = mantissa / POWERS_OF_TEN[-scale]!;
  else return Number.NaN;
  return negative ? -value : value;
}

/** Bits of a float64 (little-endian halves), to read its exponent and step to a neighbour. */
const BITS = new Float64Array(1);
const HALVES = new Uint32Array(BITS.buffer);
/** ULP_OF_EXPONENT[e]: the gap between float64 of biased exponent e, 2^(e − 1075). */
const ULP_OF_EXPONENT = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1075));
/** Dekker's splitter for float64: 2^27 + 1. */
const SPLITTER = 134217729;
/**
 * How close to a rounding boundary an approximate residual may come and still be trusted: the
 * residual's own error is below 2^-25 and the boundary at least 1/2 (see below).
 */
const MARGIN = 2 ** -20;

/**
 * (a + b) ÷ p for a mantissa w = a + b of 2^53 up to 10^17 (16 or 17 significant digits: a its
 * first 9 digits × 10^k, b its last k ≤ 8, both exact) and p = 10^-e, −22 ≤ e < 0; correctly
 * rounded, or NaN when too close to call.
 *
 * The candidate c = (a + b) ÷ p is within an ulp or two of the answer; it is the answer when
 * the residual D = w − c·p lies strictly inside c's rounding interval scaled by p, (−p·δ⁻/2,
 * p·δ⁺/2) with δ± the gaps to c's neighbours. c·p is split exactly into hi + lo (Dekker), and
 * a − hi is exact (Sterbenz: both are w within a few ulps), so D is computed with an error
 * below 2^-25, while the bounds p·δ/2 ≈ w·2^-53 are at least 1/2 for w ≥ 2^53: a residual that
 * far from a bound decides; one within MARGIN of it (a tie, or nearly) goes to `Number`.
 */
function longMantissa(a: number, b: number, p: number): number {
  let candidate = (a + b) / p;
  for (let step = 0; step < 3; step += 1) {
    const residual = residualOf(a, b, candidate, p);
    BITS[0] = candidate;
    const top = HALVES[1]!;
    const up = (p * ULP_OF_EXPONENT[top >>> 20]!) / 2;
    // Below a power of two the gap is half as wide.
    const down = HALVES[0] === 0 && (top & 0xfffff) === 0 ? up / 2 : up;
    if (residual > -down + MARGIN && residual < up - MARGIN) return candidate;
    if (Math.abs(residual - up) <= MARGIN || Math.abs(residual + down) <= MARGIN) break;
    candidate = neighbour(candidate, residual > 0 ? 1 : -1);
  }
  return Number.NaN;
}

/** (a + b) − c·p for the exact a + b near c·p: c·p split exactly (Dekker's two-product). */
function residualOf(a: number, b: number, c: number, p: number): number {
  const product = c * p;
  const cs = SPLITTER * c;
  const cHigh = cs - (cs - c);
  const cLow = c - cHigh;
  const ps = SPLITTER * p;
  const pHigh = ps - (ps - p);
  const pLow = p - pHigh;
  const error = cHigh * pHigh - product + cHigh * pLow + cLow * pHigh + cLow * pLow;
  return a - product + (b - error);
}

/** The positive float64 next to x upwards (+1) or downwards (−1). */
function neighbour(x: number, direction: 1 | -1): number {
  BITS[0] = x;
  if (direction === 1) {
    if (HALVES[0] === 0xffffffff) {
      HALVES[0] = 0;
      HALVES[1] = HALVES[1]! + 1;
    } else HALVES[0] = HALVES[0]! + 1;
  } else if (HALVES[0] === 0) {
    HALVES[0] = 0xffffffff;
    HALVES[1] = HALVES[1]! - 1;
  } else HALVES[0] = HALVES[0]! - 1;
  return BITS[0]!;
}
