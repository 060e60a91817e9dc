/**
 * Just enough of the WebAssembly binary format (spec §5) to emit one small module from
 * TypeScript: no toolchain (wabt, binaryen) is needed at build or run time. The opcodes this
 * package uses are in `ops.ts`; `Code` appends instructions, `encodeModule` wraps functions in
 * the type, import, function, export and code sections.
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128 (§5.2.2), for counts, indices, sizes and SIMD sub-opcodes. */
export function uleb(value: number, out: number[] = []): number[] {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (`i32.const`). */
export function sleb(value: number, out: number[] = []): number[] {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** An instruction sequence under construction. Methods return `this` so code reads in order. */
export class Code {
  readonly bytes: number[] = [];

  /** Raw opcode bytes, immediates included. */
  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  /** A SIMD instruction: the 0xfd prefix, then its LEB128 sub-opcode, then immediates. */
  simd(subOpcode: number, ...immediates: number[]): this {
    this.bytes.push(0xfd, ...uleb(subOpcode), ...immediates);
    return this;
  }

  i32(value: number): this {
    this.bytes.push(0x41, ...sleb(value));
    return this;
  }

  /** A `v128.const` holding two f64 lanes (little-endian, as wasm memory is). */
  f64x2(a: number, b = a): this {
    const view = new DataView(new ArrayBuffer(16));
    view.setFloat64(0, a, true);
    view.setFloat64(8, b, true);
    return this.simd(0x0c, ...new Uint8Array(view.buffer));
  }
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

/** One function defined by the module: its type, extra locals (after the params), body. */
export interface FuncDef {
  type: FuncType;
  locals: ValType[];
  body: Code;
  /** The export name. */
  exportAs: string;
}

/** One imported function; imports take the first function indices, in this order. */
export interface FuncImport {
  module: string;
  field: string;
  type: FuncType;
}

export interface ModuleDef {
  funcImports: FuncImport[];
  /** An imported memory (`module`.`field`), at least `minPages` 64 KiB pages. */
  memory: { module: string; field: string; minPages: number };
  funcs: FuncDef[];
}

/** The binary module (magic, version 1, sections in the order §5.5 requires). */
export function encodeModule(def: ModuleDef): Uint8Array {
  const types = [...def.funcImports.map((f) => f.type), ...def.funcs.map((f) => f.type)];
  const typeSection = vector(
    types.map((t) => [
      0x60,
      ...vector(t.params.map((p) => [p])),
      ...vector(t.results.map((r) => [r])),
    ]),
  );
  const imports = [
    ...def.funcImports.map((f, i) => [...name(f.module), ...name(f.field), 0x00, ...uleb(i)]),
    [
      ...name(def.memory.module),
      ...name(def.memory.field),
      0x02,
      0x00,
      ...uleb(def.memory.minPages),
    ],
  ];
  const firstOwn = def.funcImports.length;
  const functionSection = vector(def.funcs.map((_, i) => uleb(firstOwn + i)));
  const exportSection = vector(
    def.funcs.map((f, i) => [...name(f.exportAs), 0x00, ...uleb(firstOwn + i)]),
  );
  const codeSection = vector(
    def.funcs.map((f) => {
      const body = [...vector(f.locals.map((t) => [1, t])), ...f.body.bytes, 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, typeSection),
    ...section(2, vector(imports)),
    ...section(3, functionSection),
    ...section(7, exportSection),
    ...section(10, codeSection),
  ]);
}
