/**
 * The aggregator's test kit, the only thing its package exports: a service is started, never
 * imported as a library (docs/architecture.md). The system tests (test/) run it in-process on
 * the local stack.
 */
export { createAggregator } from './app.js';
