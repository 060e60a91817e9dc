/**
 * The scheduler's test kit, the only thing its package exports: a service is started, never
 * imported as a library (docs/architecture.md). Other packages' tests drive the API on a port
 * with a stand-in run service (`startTestApi`); the system tests (test/) and the run benchmark
 * (bench/run) drive the real app, run service and reconciler in-process on the local stack.
 */

export type { ApiDeps } from './api/deps.js';
export * from './api/testing/index.js';
export { buildApp } from './app.js';
export { Reconciler } from './reconcile/reconciler.js';
export type { RunDeps } from './runs/deps.js';
export { createRunService } from './runs/ledger-run-service.js';
export { eventually, runStack } from './runs/testing/run-stack.js';
