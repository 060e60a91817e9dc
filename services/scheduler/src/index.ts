export { buildApp, type SchedulerDeps } from './app.js';
