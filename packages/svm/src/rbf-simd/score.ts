import type { OcsvmModel } from '../model.js';
import { scaleRow } from '../scaler.js';
import { wasmApi as api, type WasmMemory } from '../wasm/api.js';
import { EXP_CONSTANT_TABLE } from './exp.js';
import { ROWS_PER_BLOCK, rbfModuleBytes } from './kernel-module.js';

type RbfExport = (
  sv: number,
  coef: number,
  nSv: number,
  rows: number,
  nBlocks: number,
  out: number,
  g: number,
) => void;
type ExpExport = (input: number, out: number, nPairs: number) => void;
interface Kernel {
  rbf: RbfExport;
  exp: ExpExport;
}

/** Models with more features fall back to the reference loop (the kernel unrolls over d). */
export const MAX_SIMD_FEATURES = 256;
/** Rows copied into wasm memory per kernel call: bounds memory and keeps them in L1/L2. */
const CHUNK_ROWS = 256;
const PAGE_BYTES = 65536;
/**
 * Wasm memory never shrinks, and each thread keeps its own: models needing more than this
 * (SVs + coefficients + one chunk; 256 MiB is 1M SVs × 32 features) use the reference loop.
 */
const MAX_HEAP_BYTES = 256 * 1024 * 1024;

/** n rounded up to a multiple of 2 (16-byte alignment for f64 offsets). */
const even = (n: number) => n + (n & 1);
/** f64 slots at the start of the memory holding EXP_CONSTANT_TABLE; the data follows. */
const TABLE = even(EXP_CONSTANT_TABLE.length);

let memory: WasmMemory | undefined;
let heap = new Float64Array(0);
/** Compiled kernels by feature count; null when this runtime cannot run them (no SIMD). */
const kernels = new Map<number, Kernel | null>();

function kernelFor(d: number): Kernel | null {
  let kernel = kernels.get(d);
  if (kernel !== undefined) return kernel;
  kernel = null;
  const bytes = rbfModuleBytes(d);
  if (api?.validate(bytes)) {
    if (memory === undefined) {
      memory = new api.Memory({ initial: 16 });
      reserve(TABLE).set(EXP_CONSTANT_TABLE); // the kernels' constants, at byte 0 for good
    }
    const instance = new api.Instance(new api.Module(bytes), { env: { memory, exp: Math.exp } });
    kernel = { rbf: instance.exports.rbf as RbfExport, exp: instance.exports.exp as ExpExport };
  }
  kernels.set(d, kernel);
  return kernel;
}

/** The wasm memory as f64, at least `doubles` long (grown in whole pages; views refreshed). */
function reserve(doubles: number): Float64Array {
  const mem = memory!;
  const missing = doubles * 8 - mem.buffer.byteLength;
  if (missing > 0) mem.grow(Math.ceil(missing / PAGE_BYTES));
  if (heap.buffer !== mem.buffer) heap = new Float64Array(mem.buffer);
  return heap;
}

/**
 * Writes the rbf decision of each row into `out` with the WebAssembly SIMD kernel and returns
 * true; returns false (writing nothing) when the model is not rbf, has more than
 * MAX_SIMD_FEATURES features, no support vectors or more than MAX_HEAP_BYTES of them, or wasm
 * SIMD is unavailable. The result is
 * bit for bit the reference loop's (`decision-reference.ts`): same operations, same order.
 */
export function rbfDecisionSimd(model: OcsvmModel, rows: Float64Array, out: Float64Array): boolean {
  const { nFeatures: d, nSupport, kernel: kind } = model;
  if (kind !== 'rbf' || d > MAX_SIMD_FEATURES || nSupport === 0) return false;
  const kernel = kernelFor(d);
  if (kernel === null) return false;
  const coefAt = TABLE;
  const svAt = coefAt + even(nSupport);
  const rowsAt = svAt + even(nSupport * d);
  const outAt = rowsAt + CHUNK_ROWS * d;
  if ((outAt + CHUNK_ROWS) * 8 > MAX_HEAP_BYTES) return false;
  let mem: Float64Array;
  try {
    mem = reserve(outAt + CHUNK_ROWS);
  } catch {
    return false; // the memory cannot grow that far: the reference loop needs none
  }
  mem.set(model.dualCoef, coefAt);
  mem.set(model.supportVectors, svAt);
  const z = new Float64Array(d); // one scaled row, reused
  const g = -model.gamma;
  for (let r0 = 0; r0 < out.length; r0 += CHUNK_ROWS) {
    const m = Math.min(CHUNK_ROWS, out.length - r0);
    const blocks = Math.ceil(m / ROWS_PER_BLOCK);
    for (let q = 0; q < blocks * ROWS_PER_BLOCK; q++) {
      const at =
        rowsAt + Math.floor(q / ROWS_PER_BLOCK) * d * ROWS_PER_BLOCK + (q % ROWS_PER_BLOCK);
      if (q >= m) {
        for (let j = 0; j < d; j++) mem[at + j * ROWS_PER_BLOCK] = 0; // padding lanes
      } else if (model.scaler === null) {
        const start = (r0 + q) * d;
        for (let j = 0; j < d; j++) mem[at + j * ROWS_PER_BLOCK] = rows[start + j]!;
      } else {
        scaleRow(model.scaler, rows, (r0 + q) * d, d, z);
        for (let j = 0; j < d; j++) mem[at + j * ROWS_PER_BLOCK] = z[j]!;
      }
    }
    kernel.rbf(svAt * 8, coefAt * 8, nSupport, rowsAt * 8, blocks, outAt * 8, g);
    for (let q = 0; q < m; q++) out[r0 + q] = mem[outAt + q]! + model.intercept;
  }
  return true;
}

/**
 * The kernel's vector exp applied to `xs` (for tests: it must equal Math.exp bit for bit), or
 * null without wasm SIMD.
 */
export function simdExp(xs: Float64Array): Float64Array | null {
  const kernel = kernelFor(1);
  if (kernel === null) return null;
  const n = even(xs.length);
  const mem = reserve(TABLE + 2 * n);
  mem.fill(0, TABLE, TABLE + n);
  mem.set(xs, TABLE);
  kernel.exp(TABLE * 8, (TABLE + n) * 8, n / 2);
  return mem.slice(TABLE + n, TABLE + n + xs.length);
}
