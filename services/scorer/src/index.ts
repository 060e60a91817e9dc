export * from './app.js';
export * from './blob-names.js';
export * from './predictions-csv.js';
