export * from './auth.js';
export * from './health-routes.js';
export * from './problems.js';
