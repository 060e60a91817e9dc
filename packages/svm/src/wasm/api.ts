/** The slice of the WebAssembly JS API this package uses (the repo's TS lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The runtime's WebAssembly, or undefined where there is none (scoring then stays in JS). */
export const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
