export { buildApp, buildOpsApp, type IngestDeps, type IngestOpsDeps } from './app.js';
