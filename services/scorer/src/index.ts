export * from './app.js';
export * from './predictions-csv.js';
