import { corrupt } from './errors.js';

/**
 * Decoders for the text operands of protocol-0 opcodes (INT, LONG, FLOAT, STRING, UNICODE) and
 * for LONG1/LONG4's little-endian two's-complement bytes. `at` is the operand's byte offset,
 * for error messages.
 */

/** An integer as a number when exact, else as a bigint (Python ints are unbounded). */
export function narrow(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** INT's operand: `I01`/`I00` are Python 2's True/False; otherwise a decimal integer. */
export function parseIntOperand(text: string, at: number): number | bigint | boolean {
  if (text === '01') return true;
  if (text === '00') return false;
  return parseLongOperand(text, at);
}

/** LONG's operand: a decimal integer with an optional Python 2 `L` suffix. */
export function parseLongOperand(text: string, at: number): number | bigint {
  const digits = text.endsWith('L') ? text.slice(0, -1) : text;
  if (!/^[+-]?\d+$/.test(digits)) throw corrupt(at, `bad integer operand ${JSON.stringify(text)}`);
  // Python's own limit on decimal int conversion (sys.int_info.default_max_str_digits): the
  // conversion is quadratic, and no model needs such a number.
  if (digits.length > 4300) throw corrupt(at, 'an integer operand over 4300 digits');
  return narrow(BigInt(digits));
}

export function parseFloatOperand(text: string, at: number): number {
  const trimmed = text.trim();
  const special: Record<string, number> = { nan: Number.NaN, inf: Infinity, '-inf': -Infinity };
  const value = special[trimmed.toLowerCase()] ?? Number(trimmed);
  if (trimmed === '' || Number.isNaN(value) !== (trimmed.toLowerCase() === 'nan')) {
    throw corrupt(at, `bad float operand ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * LONG1 / LONG4: little-endian two's complement; no bytes means 0. Parsed through one hex
 * string, which is linear in the length (shifting a bigint byte by byte is quadratic).
 */
export function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1]! >= 0x80) value -= 1n << BigInt(8 * bytes.length);
  return narrow(value);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** STRING's operand: a quoted Python 2 str literal (`'abc'`, `"a\\x00"`), decoded as latin-1. */
export function parseStringOperand(text: string, at: number): string {
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text.at(-1) !== quote) {
    throw corrupt(at, 'STRING operand is not quoted');
  }
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i] ?? '';
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
      i += octal.length - 1;
    } else out += `\\${next}`;
  }
  return out;
}

/** UNICODE's operand: raw-unicode-escape, i.e. latin-1 text with \uXXXX and \UXXXXXXXX. */
export function parseUnicodeOperand(text: string, at: number): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, short, long) => {
    const point = Number.parseInt(short ?? long, 16);
    if (point > 0x10ffff) throw corrupt(at, 'UNICODE escape beyond U+10FFFF');
    return String.fromCodePoint(point);
  });
}
