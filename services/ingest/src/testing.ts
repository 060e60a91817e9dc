/**
 * The ingest service's test kit, the only thing its package exports: a service is started,
 * never imported as a library (docs/architecture.md). The system tests (test/) inject requests
 * into its app in-process.
 */
export { buildApp, type IngestDeps } from './app.js';
