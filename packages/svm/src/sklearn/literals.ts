import type { ByteReader } from './byte-reader.js';
import { Op } from './opcodes.js';
import * as text from './text-operands.js';
import type { PyValue } from './values.js';

/** Reads one opcode's operand and returns the value it pushes; `at` is the opcode's offset. */
type LiteralReader = (reader: ByteReader, at: number) => PyValue;

const entries: [number, LiteralReader][] = [
  [Op.NONE, () => null],
  [Op.NEWTRUE, () => true],
  [Op.NEWFALSE, () => false],
  [Op.INT, (r, at) => text.parseIntOperand(r.line(), at)],
  [Op.LONG, (r, at) => text.parseLongOperand(r.line(), at)],
  [Op.BININT, (r) => r.i32()],
  [Op.BININT1, (r) => r.u8()],
  [Op.BININT2, (r) => r.u16()],
  [Op.LONG1, (r) => text.decodeLong(r.slice(r.u8(), 'LONG1'))],
  [Op.LONG4, (r) => text.decodeLong(r.slice(r.i32(), 'LONG4'))],
  [Op.FLOAT, (r, at) => text.parseFloatOperand(r.line(), at)],
  [Op.BINFLOAT, (r) => r.f64be()],
  // Python 2 str: decoded as latin-1, a superset of the ASCII Python itself assumes.
  [Op.STRING, (r, at) => text.parseStringOperand(r.line(), at)],
  [Op.BINSTRING, (r) => r.latin1(r.i32())],
  [Op.SHORT_BINSTRING, (r) => r.latin1(r.u8())],
  [Op.UNICODE, (r, at) => text.parseUnicodeOperand(r.line(), at)],
  [Op.BINUNICODE, (r) => r.utf8(r.u32())],
  [Op.SHORT_BINUNICODE, (r) => r.utf8(r.u8())],
  [Op.BINUNICODE8, (r) => r.utf8(r.u64())],
  // Bytes are views into the input: nothing in the graph mutates them.
  [Op.BINBYTES, (r) => r.slice(r.u32(), 'BINBYTES')],
  [Op.SHORT_BINBYTES, (r) => r.slice(r.u8(), 'SHORT_BINBYTES')],
  [Op.BINBYTES8, (r) => r.slice(r.u64(), 'BINBYTES8')],
  [Op.BYTEARRAY8, (r) => r.slice(r.u64(), 'BYTEARRAY8')],
];

/**
 * The opcodes that push one literal value (None, booleans, numbers, strings, bytes), indexed by
 * opcode byte: a table rather than switch cases, so the machine's switch keeps to structure.
 */
export const LITERALS: readonly (LiteralReader | undefined)[] = (() => {
  const table = new Array<LiteralReader | undefined>(256).fill(undefined);
  for (const [op, read] of entries) table[op] = read;
  return table;
})();
