export * from './auth.js';
export * from './guard.js';
export * from './health-routes.js';
export * from './openapi.js';
export * from './problems.js';
