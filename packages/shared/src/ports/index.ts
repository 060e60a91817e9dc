export type * from './blob-store.js';
export type * from './event-stream.js';
export type * from './job-queue.js';
export type * from './messaging.js';
export type * from './record-table.js';
