/**
 * The opcodes the rbf kernel uses (WebAssembly core spec §5.4 and the fixed-width SIMD
 * proposal, merged in 2.0). `simd` values are sub-opcodes after the 0xfd prefix.
 */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  void: 0x40,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Eqz: 0x45,
  i32Add: 0x6a,
  i32Sub: 0x6b,
} as const;

export const simd = {
  v128Load: 0x00,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  f64x2Splat: 0x14,
  f64x2ExtractLane: 0x21,
  f64x2ReplaceLane: 0x22,
  f64x2Gt: 0x4a,
  f64x2Le: 0x4b,
  f64x2Ge: 0x4c,
  v128And: 0x4e,
  v128Bitselect: 0x52,
  f64x2Trunc: 0x7a,
  i64x2AllTrue: 0xc3,
  i64x2Shl: 0xcb,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
} as const;
