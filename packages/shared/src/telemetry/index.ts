export * from './exporters.js';
export * from './logger.js';
export * from './otel.js';
