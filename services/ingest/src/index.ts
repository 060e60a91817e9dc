export { buildApp, type IngestDeps } from './app.js';
