export * from './dedupe.js';
export * from './formats/index.js';
export * from './read.js';
// The pure windowing engine: one per stream partition (see docs/windowing.md).
export { createWindowingEngine, windowEnd } from './window-engine.js';
export { DEFAULT_WINDOWING, resolveWindowing } from './window-engine-options.js';
export type { LateEvent, WindowingEngine, WindowingOptions } from './window-engine-types.js';
