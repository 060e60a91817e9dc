// The core every process imports: the contracts between processes, the ports, errors, runtime,
// telemetry and configuration — nothing that loads an SDK, a web framework or a file format.
// The rest has entry points of its own, so a process loads only what it uses:
// `/adapters` (choosing and opening the backend's adapters), `/azure` and `/local` (the adapters),
// `/http`, `/ledger`, `/windows`, `/scaling`, and `/testing` (conformance suites and fakes).

// Until every importer names its entry point (issue 24, §3): the root still re-exports these.
export * from './adapters/index.js';
export * from './config/index.js';
export * from './contracts/index.js';
export * from './errors.js';
export * from './http/index.js';
export * from './ledger/index.js';
export type * from './ports/index.js';
export * from './runtime/index.js';
export * from './scaling/index.js';
export * from './telemetry/index.js';
export * from './windows/index.js';
