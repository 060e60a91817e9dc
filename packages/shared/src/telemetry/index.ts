export * from './exporters.js';
export * from './logger.js';
export * from './otel.js';
export * from './prometheus-route.js';
