// Request and response schemas of the HTTP APIs (scheduler and ingest): the services validate
// with them and generate their OpenAPI documents from them; clients (CLI, demo, dashboard) use
// their inferred types. The dashboard imports types only, so zod stays out of its bundle.
export * from './dead-letters.js';
export { continuationSchema } from './fields.js';
export * from './models.js';
export * from './predictions.js';
export * from './problems.js';
export * from './readings.js';
export * from './runs.js';
export * from './schedules.js';
