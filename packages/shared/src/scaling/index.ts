export * from './desired-replicas.js';
export * from './keda.js';
