export * from './health.js';
export * from './shutdown.js';
