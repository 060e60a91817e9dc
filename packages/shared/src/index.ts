// The light core every service imports. Adapters live behind their own entry points
// (`@fleetscore/shared/azure`, `@fleetscore/shared/local`) so a process loads only the SDKs of
// the backend it runs on; conformance suites and fakes behind `@fleetscore/shared/testing`.
export * from './backend/index.js';
export * from './config/index.js';
export * from './contracts/index.js';
export * from './errors.js';
export * from './http/index.js';
export * from './ledger/index.js';
export * from './page-token.js';
export type * from './ports/index.js';
export * from './random.js';
export * from './runtime/index.js';
export * from './scaling/index.js';
export * from './telemetry/index.js';
export * from './windows/index.js';
