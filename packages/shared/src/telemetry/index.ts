export * from './attributes.js';
export * from './exporters.js';
export * from './http-spans.js';
export * from './logger.js';
export * from './otel.js';
export * from './prometheus-route.js';
export * from './spans.js';
export * from './trace-context.js';
