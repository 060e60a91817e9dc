export * from './blob-layout.js';
export * from './entity.js';
export * from './ids.js';
export * from './reading.js';
export * from './roles.js';
export * from './run.js';
export * from './shard.js';
export * from './window.js';
