export * from './blob-store-conformance.js';
export * from './record-table-conformance.js';
export * from './stack-env.js';
export * from './storage-endpoints.js';
