/**
 * A byte-level pickle writer for hostile test files: each method appends one opcode with its
 * operands, so a test spells out exactly the attack it means (what Python's `pickle` would
 * never write for an honest object). Opcode values from CPython's Lib/pickle.py.
 */
export class PickleWriter {
  private readonly bytes: number[] = [];

  constructor(protocol = 4) {
    if (protocol >= 2) this.op(0x80, protocol);
  }

  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  /** SHORT_BINUNICODE (< 256 bytes) or BINUNICODE. */
  str(text: string): this {
    const utf8 = [...Buffer.from(text, 'utf8')];
    return utf8.length < 256
      ? this.op(0x8c, utf8.length, ...utf8)
      : this.op(0x58, ...u32(utf8.length), ...utf8);
  }

  /** SHORT_BINBYTES / BINBYTES. */
  binBytes(data: ArrayLike<number>): this {
    const all = Array.from(data);
    return all.length < 256
      ? this.op(0x43, all.length, ...all)
      : this.op(0x42, ...u32(all.length), ...all);
  }

  /** BININT (32-bit) or LONG1 for anything larger. */
  int(n: number | bigint): this {
    const big = BigInt(n);
    if (big >= -(2n ** 31n) && big < 2n ** 31n) return this.op(0x4a, ...u32(Number(big) >>> 0));
    const out: number[] = [];
    let v = big;
    for (;;) {
      out.push(Number(v & 0xffn));
      v >>= 8n;
      if ((v === 0n && (out.at(-1)! & 0x80) === 0) || (v === -1n && (out.at(-1)! & 0x80) !== 0))
        break;
    }
    return this.op(0x8a, out.length, ...out);
  }

  /** GLOBAL `module\nname\n` (protocols 0–3). */
  global(module: string, name: string): this {
    return this.op(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
  }

  /** Two strings then STACK_GLOBAL (protocol 4+). */
  stackGlobal(module: string, name: string): this {
    return this.str(module).str(name).op(0x93);
  }

  mark = () => this.op(0x28);
  tuple = () => this.op(0x74);
  emptyTuple = () => this.op(0x29);
  tuple1 = () => this.op(0x85);
  emptyList = () => this.op(0x5d);
  emptyDict = () => this.op(0x7d);
  append = () => this.op(0x61);
  setItem = () => this.op(0x73);
  reduce = () => this.op(0x52);
  build = () => this.op(0x62);
  newObj = () => this.op(0x81);
  obj = () => this.op(0x6f);
  memoize = () => this.op(0x94);
  put = (index: number) => this.op(0x71, index);
  get = (index: number) => this.op(0x68, index);
  none = () => this.op(0x4e);
  stop = () => this.op(0x2e);

  /** INST `module\nname\n` after a MARK and its arguments (protocol 0). */
  inst(module: string, name: string): this {
    return this.op(0x69, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** `os.system(command)` through GLOBAL + REDUCE: what every pickle exploit starts from. */
export function callPickle(module: string, name: string, args: string[], protocol = 2): Uint8Array {
  const w = new PickleWriter(protocol);
  if (protocol >= 4) w.stackGlobal(module, name);
  else w.global(module, name);
  w.mark();
  for (const arg of args) w.str(arg);
  return w.tuple().reduce().stop().done();
}
