import { describe, expect, it } from 'vitest';
import { wasmApi } from './api.js';
import { Code, encodeModule, I32, sleb, uleb } from './encoder.js';
import { op } from './ops.js';

describe('LEB128', () => {
  it('encodes unsigned values 7 bits at a time, low group first', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  });

  it('encodes signed values with the sign in bit 6 of the last group', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe('encodeModule', () => {
  it('writes a module that WebAssembly compiles and runs, with imports first', () => {
    // f(a, b) = twice(a + b) − 65: locals, an imported call, a negative i32.const.
    const body = new Code()
      .op(op.localGet, 0, op.localGet, 1, op.i32Add, op.call, 0)
      .i32(-65)
      .op(op.i32Add);
    const bytes = encodeModule({
      funcImports: [{ module: 'env', field: 'twice', type: { params: [I32], results: [I32] } }],
      memory: { module: 'env', field: 'memory', minPages: 1 },
      funcs: [{ type: { params: [I32, I32], results: [I32] }, locals: [], body, exportAs: 'f' }],
    });
    const wasm = wasmApi!;
    expect(wasm.validate(bytes)).toBe(true);
    const imports = {
      env: { twice: (x: number) => 2 * x, memory: new wasm.Memory({ initial: 1 }) },
    };
    const instance = new wasm.Instance(new wasm.Module(bytes), imports);
    expect((instance.exports.f as (a: number, b: number) => number)(20, 30)).toBe(100 - 65);
  });
});
