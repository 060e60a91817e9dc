// The pure windowing engine: one per stream partition (see docs/windowing.md).
export { createWindowingEngine, windowEnd } from './engine.js';
export { DEFAULT_WINDOWING, resolveWindowing } from './options.js';
export type { LateEvent, WindowingEngine, WindowingOptions } from './types.js';
