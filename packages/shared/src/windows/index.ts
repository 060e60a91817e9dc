export * from './dedupe.js';
export * from './formats/index.js';
export * from './read.js';
