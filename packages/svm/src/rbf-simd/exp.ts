import { type Code, uleb } from '../wasm/encoder.js';
import { op, simd } from '../wasm/ops.js';

/** A double from its IEEE 754 words, as fdlibm writes its constants. */
function fromWords(hi: number, lo: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}

// fdlibm e_exp.c, the algorithm of V8's Math.exp (src/base/ieee754.cc).
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);
const P = [
  fromWords(0x3fc55555, 0x5555553e),
  fromWords(0xbf66c16c, 0x16bebd93),
  fromWords(0x3f11566a, 0xaf25de2c),
  fromWords(0xbebbbd41, 0xc5d26bf1),
  fromWords(0x3e663769, 0x72bea4d0),
] as const;
/** fdlibm reduces (k ≠ 0) iff the high word of |x| > 0x3fd62e42: for x ≤ 0, iff x ≤ −this. */
const REDUCE_FROM = fromWords(0x3fd62e43, 0);
/** fdlibm returns 1 + x iff the high word of |x| < 0x3e300000: for x ≤ 0, iff x > −this. */
const TINY_BELOW = fromWords(0x3e300000, 0);
/**
 * The vector path covers x ∈ [EXP_LOW, −2⁻²⁸], what an rbf kernel needs (x = −γ‖z − sv‖²):
 * there k ∈ [−1021, 0], so y·2ᵏ is a normal number and multiplying by 2ᵏ is exact, as
 * fdlibm's exponent-field add is.
 */
export const EXP_LOW = -708;

/** The v128 locals `emitExp` reads (x and the constants) and writes. */
export interface ExpLocals {
  x: number;
  k: number;
  hi: number;
  lo: number;
  r: number;
  t: number;
  c: number;
  y: number;
  /** Locals holding CONSTANTS, in order, set once by `emitExpConstants`. */
  constants: number[];
}

/**
 * The constants, splatted into locals once per call. They are read from a table in linear
 * memory (`EXP_CONSTANT_TABLE`, written by the caller at byte 0) rather than written as
 * `v128.const`: TurboFan rematerialises a constant inside the loop at every iteration (three
 * instructions each, ~45 per SV), but keeps a loaded value in a register or a spill slot.
 * `scaleBias` = 2⁵² + 1023: adding it to an integral k ∈ [−1022, 1023] leaves k + 1023 in the
 * low mantissa bits, and shifting those left by 52 gives the bits of 2ᵏ.
 */
const CONSTANTS = {
  invLn2: INV_LN2,
  minusHalf: -0.5,
  minusReduceFrom: -REDUCE_FROM,
  ln2Hi: LN2_HI,
  ln2Lo: LN2_LO,
  p1: P[0],
  p2: P[1],
  p3: P[2],
  p4: P[3],
  p5: P[4],
  one: 1,
  two: 2,
  scaleBias: 2 ** 52 + 1023,
  minusTiny: -TINY_BELOW,
  low: EXP_LOW,
} as const;
type ConstName = keyof typeof CONSTANTS;
const CONST_NAMES = Object.keys(CONSTANTS) as ConstName[];
export const EXP_CONSTANT_COUNT = CONST_NAMES.length;
/** The f64 values to store at byte 0 of the memory before calling a kernel. */
export const EXP_CONSTANT_TABLE = Float64Array.from(CONST_NAMES, (name) => CONSTANTS[name]);

/** Sets the constant locals from the table at byte 0 (call once, before the loop). */
export function emitExpConstants(code: Code, l: ExpLocals): void {
  CONST_NAMES.forEach((_, i) => {
    code.i32(0).simd(simd.v128Load64Splat, 3, ...uleb(8 * i));
    code.op(op.localSet, l.constants[i]!);
  });
}

/**
 * Emits y = exp(x) for both f64 lanes of local `x`, bit for bit what V8's Math.exp returns,
 * for x ∈ [EXP_LOW, −2⁻²⁸] (other lanes get garbage: see `emitInRange`): fdlibm's reduction
 * x = k·ln2 + r (k = trunc(x/ln2 − ½), and 0 for |x| < ½ln2), its rational approximation on r
 * (including the division) and the scaling by 2ᵏ. fdlibm's separate formulas for k = 0 and
 * |k| = 1 give the same bits as the general one (see README, "Speed").
 */
function emitExp(code: Code, l: ExpLocals): void {
  const get = (...locals: number[]) => {
    for (const local of locals) code.op(op.localGet, local);
    return code;
  };
  const c = (name: ConstName) => get(l.constants[CONST_NAMES.indexOf(name)]!);
  const set = (local: number) => code.op(op.localSet, local);
  // k = trunc(x·(1/ln2) − ½), masked to +0 where x > −REDUCE_FROM.
  get(l.x);
  c('invLn2').simd(simd.f64x2Mul);
  c('minusHalf').simd(simd.f64x2Add).simd(simd.f64x2Trunc);
  get(l.x);
  c('minusReduceFrom').simd(simd.f64x2Le).simd(simd.v128And);
  set(l.k);
  get(l.x, l.k);
  c('ln2Hi').simd(simd.f64x2Mul).simd(simd.f64x2Sub);
  set(l.hi);
  get(l.k);
  c('ln2Lo').simd(simd.f64x2Mul);
  set(l.lo);
  get(l.hi, l.lo).simd(simd.f64x2Sub);
  set(l.r);
  get(l.r, l.r).simd(simd.f64x2Mul);
  set(l.t);
  // c = r − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
  get(l.r);
  for (const p of ['p1', 'p2', 'p3', 'p4', 'p5'] as const) {
    get(l.t);
    c(p);
  }
  for (let i = 1; i < P.length; i++) code.simd(simd.f64x2Mul).simd(simd.f64x2Add);
  code.simd(simd.f64x2Mul).simd(simd.f64x2Sub);
  set(l.c);
  // y = 1 − ((lo − (r·c)/(2 − c)) − hi), times 2ᵏ.
  c('one');
  get(l.lo, l.r, l.c).simd(simd.f64x2Mul);
  c('two');
  get(l.c).simd(simd.f64x2Sub).simd(simd.f64x2Div).simd(simd.f64x2Sub);
  get(l.hi).simd(simd.f64x2Sub).simd(simd.f64x2Sub);
  get(l.k);
  c('scaleBias').simd(simd.f64x2Add).i32(52).simd(simd.i64x2Shl).simd(simd.f64x2Mul);
  set(l.y);
}

/**
 * Pushes a v128 mask: all ones in the lanes of local `x` that `emitExp` computes exactly
 * (x ∈ [EXP_LOW, −2⁻²⁸]); zero for NaN, x > −2⁻²⁸ (where fdlibm returns 1 + x: rbf meets it
 * only for a row on a support vector) and x < EXP_LOW. Callers recompute zero lanes with
 * Math.exp, which is rare enough to cost nothing on real data.
 */
function emitInRange(code: Code, l: ExpLocals, x: number): void {
  const c = (name: ConstName) => code.op(op.localGet, l.constants[CONST_NAMES.indexOf(name)]!);
  code.op(op.localGet, x);
  c('low').simd(simd.f64x2Ge);
  code.op(op.localGet, x);
  c('minusTiny').simd(simd.f64x2Le).simd(simd.v128And);
}

/**
 * ys[b] = exp(xs[b]) for every vector b, equal to Math.exp lane by lane: the vector path for
 * all, then one range test over all of them, and in the rare case that any lane is outside
 * it, every lane again through the imported Math.exp (function index `expIndex`).
 */
export function emitExpVectors(
  code: Code,
  l: ExpLocals,
  xs: number[],
  ys: number[],
  expIndex: number,
) {
  xs.forEach((x, b) => {
    code.op(op.localGet, x, op.localSet, l.x);
    emitExp(code, l);
    code.op(op.localGet, l.y, op.localSet, ys[b]!);
  });
  xs.forEach((x, b) => {
    emitInRange(code, l, x);
    if (b > 0) code.simd(simd.v128And);
  });
  code.simd(simd.i64x2AllTrue).op(op.i32Eqz, op.if, op.void);
  xs.forEach((x, b) => {
    code
      .op(op.localGet, x)
      .simd(simd.f64x2ExtractLane, 0)
      .op(op.call, expIndex)
      .simd(simd.f64x2Splat);
    code.op(op.localGet, x).simd(simd.f64x2ExtractLane, 1).op(op.call, expIndex);
    code.simd(simd.f64x2ReplaceLane, 1).op(op.localSet, ys[b]!);
  });
  code.op(op.end);
}
