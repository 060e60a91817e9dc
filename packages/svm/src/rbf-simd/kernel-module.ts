import {
  Code,
  encodeModule,
  F64,
  type FuncDef,
  type FuncType,
  I32,
  uleb,
  V128,
  type ValType,
} from '../wasm/encoder.js';
import { op, simd } from '../wasm/ops.js';
import { EXP_CONSTANT_COUNT, type ExpLocals, emitExpConstants, emitExpVectors } from './exp.js';

/**
 * f64x2 vectors per block: a block is 2 × VECTORS rows, scored together against each SV
 * (one SV load serves them all, and their independent chains keep the CPU busy). 4 measured
 * best on the bench's shapes: 2 was 5–20 % slower at 16 features; 3 (no padding for 60-row
 * calls) and 8 were no faster.
 */
export const VECTORS = 4;
export const ROWS_PER_BLOCK = 2 * VECTORS;

const EXP_IMPORT = 0;
const expType: FuncType = { params: [F64], results: [F64] };

/** Hands out local indices after the parameters, remembering their types. */
class Locals {
  readonly types: ValType[] = [];
  constructor(private readonly nParams: number) {}
  add(type: ValType): number {
    // Bodies write local indices as single bytes: LEB128 of values below 128.
    if (this.nParams + this.types.length >= 128) throw new RangeError('too many wasm locals');
    this.types.push(type);
    return this.nParams + this.types.length - 1;
  }
  exp(): ExpLocals {
    const v = () => this.add(V128);
    const constants = Array.from({ length: EXP_CONSTANT_COUNT }, v);
    return { x: v(), k: v(), hi: v(), lo: v(), r: v(), t: v(), c: v(), y: v(), constants };
  }
}

const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

/**
 * `rbf(sv, coef, nSv, rows, nBlocks, out, g)`, byte addresses into the imported memory:
 * for each block of ROWS_PER_BLOCK rows (feature-major: feature j of the block's rows is
 * ROWS_PER_BLOCK consecutive f64 at rows + j·8·ROWS_PER_BLOCK), writes per row
 * Σᵢ coefᵢ·exp(g·‖x − svᵢ‖²), i in SV order, the distance summed in feature order: the
 * reference loop's operations, lane by lane. The loop over the d features is unrolled.
 * `nSv` must be ≥ 1; `g` is −γ; EXP_CONSTANT_TABLE must be at byte 0.
 */
function rbfFunction(d: number): FuncDef {
  const [sv, coef, nSv, rows, nBlocks, out, g] = [0, 1, 2, 3, 4, 5, 6];
  const locals = new Locals(7);
  const [svp, cp, i] = [locals.add(I32), locals.add(I32), locals.add(I32)];
  const [gv, s, tmp] = [locals.add(V128), locals.add(V128), locals.add(V128)];
  const acc = Array.from({ length: VECTORS }, () => locals.add(V128));
  const dist = Array.from({ length: VECTORS }, () => locals.add(V128));
  const xs = Array.from({ length: VECTORS }, () => locals.add(V128));
  const ys = Array.from({ length: VECTORS }, () => locals.add(V128));
  const e = locals.exp();
  const c = new Code();
  const get = (l: number) => c.op(op.localGet, l);
  const set = (l: number) => c.op(op.localSet, l);
  const bump = (l: number, by: number) => get(l).i32(by).op(op.i32Add).op(op.localSet, l);
  c.op(op.block, op.void);
  get(nBlocks).op(op.i32Eqz).op(op.brIf, 0);
  get(g).simd(simd.f64x2Splat);
  set(gv);
  emitExpConstants(c, e);
  c.op(op.loop, op.void);
  for (const a of acc) c.f64x2(0).op(op.localSet, a);
  get(sv).op(op.localSet, svp);
  get(coef).op(op.localSet, cp);
  get(nSv).op(op.localSet, i);
  /** dist_b = ‖rows_b − sv‖² for the SV at svp + `at` bytes, in feature order. */
  const distances = (at: number) => {
    for (let j = 0; j < d; j++) {
      get(svp).simd(simd.v128Load64Splat, ...memarg(3, at + 8 * j));
      set(s);
      for (let b = 0; b < VECTORS; b++) {
        get(rows).simd(simd.v128Load, ...memarg(4, 16 * (j * VECTORS + b)));
        get(s).simd(simd.f64x2Sub).op(op.localTee, tmp, op.localGet, tmp).simd(simd.f64x2Mul);
        if (j > 0) get(dist[b]!).simd(simd.f64x2Add);
        set(dist[b]!);
      }
    }
  };
  distances(0);
  c.op(op.loop, op.void);
  for (let b = 0; b < VECTORS; b++) {
    get(dist[b]!).op(op.localGet, gv).simd(simd.f64x2Mul);
    set(xs[b]!);
  }
  // Software pipelining: the next SV's distances (a chain of d dependent adds) are computed
  // while this SV's exps run, so the two latencies overlap. The last iteration reads one SV
  // past the end: the memory there exists (the rows follow) and the values go unused.
  distances(8 * d);
  emitExpVectors(c, e, xs, ys, EXP_IMPORT);
  for (let b = 0; b < VECTORS; b++) {
    get(acc[b]!)
      .op(op.localGet, cp)
      .simd(simd.v128Load64Splat, ...memarg(3, 0));
    get(ys[b]!).simd(simd.f64x2Mul).simd(simd.f64x2Add);
    set(acc[b]!);
  }
  bump(svp, 8 * d);
  bump(cp, 8);
  get(i).i32(1).op(op.i32Sub, op.localTee, i, op.brIf, 0, op.end);
  for (let b = 0; b < VECTORS; b++) {
    get(out)
      .op(op.localGet, acc[b]!)
      .simd(simd.v128Store, ...memarg(4, 16 * b));
  }
  bump(out, 16 * VECTORS);
  bump(rows, 16 * VECTORS * d);
  get(nBlocks).i32(1).op(op.i32Sub, op.localTee, nBlocks, op.brIf, 0, op.end, op.end);
  const type: FuncType = { params: [I32, I32, I32, I32, I32, I32, F64], results: [] };
  return { type, locals: locals.types, body: c, exportAs: 'rbf' };
}

/** `exp(in, out, nPairs)`: the vector exp over an array, to test it against Math.exp. */
function expFunction(): FuncDef {
  const [input, out, n] = [0, 1, 2];
  const locals = new Locals(3);
  const e = locals.exp();
  const [x, y] = [locals.add(V128), locals.add(V128)];
  const c = new Code();
  emitExpConstants(c, e);
  c.op(op.block, op.void, op.localGet, n, op.i32Eqz, op.brIf, 0, op.loop, op.void);
  c.op(op.localGet, input)
    .simd(simd.v128Load, ...memarg(4, 0))
    .op(op.localSet, x);
  emitExpVectors(c, e, [x], [y], EXP_IMPORT);
  c.op(op.localGet, out, op.localGet, y).simd(simd.v128Store, ...memarg(4, 0));
  for (const l of [input, out]) c.op(op.localGet, l).i32(16).op(op.i32Add, op.localSet, l);
  c.op(op.localGet, n).i32(1).op(op.i32Sub, op.localTee, n, op.brIf, 0, op.end, op.end);
  return {
    type: { params: [I32, I32, I32], results: [] },
    locals: locals.types,
    body: c,
    exportAs: 'exp',
  };
}

/** The module for d features: imports `env.exp` (Math.exp) and `env.memory`. */
export function rbfModuleBytes(d: number): Uint8Array {
  return encodeModule({
    funcImports: [{ module: 'env', field: 'exp', type: expType }],
    memory: { module: 'env', field: 'memory', minPages: 1 },
    funcs: [rbfFunction(d), expFunction()],
  });
}
