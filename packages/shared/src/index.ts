// The core every process imports: the contracts between processes, the ports, errors, runtime,
// telemetry and configuration — nothing that loads an SDK, a web framework or a file format at
// import (`pnpm lint` holds it to that: .ci/light-entries.ts). The rest has entry points of its
// own, so a process loads only what it uses: `/adapters` (choosing and opening the backend's
// adapters), `/azure` and `/local` (the adapters), `/http`, `/ledger`, `/windows`, `/scaling`,
// and `/testing` (conformance suites and fakes). `/ids` (ID_PATTERN) and `/errors` are lighter
// still — no zod, no telemetry — for a command whose start-up a user times (`score-csv`).
export * from './config/index.js';
export * from './contracts/index.js';
export * from './errors.js';
export type * from './ports/index.js';
export * from './runtime/index.js';
export * from './telemetry/index.js';
