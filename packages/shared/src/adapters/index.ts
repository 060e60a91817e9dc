export * from './health-checks.js';
export * from './open-queue.js';
export * from './open-storage.js';
export * from './open-stream.js';
