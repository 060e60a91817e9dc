export * from './dedupe.js';
export * from './layout.js';
export * from './read.js';
