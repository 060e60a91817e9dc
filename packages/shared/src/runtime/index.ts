export * from './backoff.js';
export * from './boot.js';
export * from './free-port.js';
export * from './health.js';
export * from './random.js';
export * from './shutdown.js';
export * from './shutdown-budget.js';
