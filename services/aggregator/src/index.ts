// The aggregator's pure windowing engine, shared with the `fleetscore aggregate` batch CLI.
// The service itself starts from main.ts; nothing here does I/O.
export * from './windowing/index.js';
