export * from './ids.js';
export * from './reading.js';
export * from './shard.js';
export * from './window.js';
