export * from './decision.js';
export * from './document.js';
export * from './errors.js';
export * from './fit/index.js';
export * from './model.js';
export * from './model-file.js';
export * from './parse-model.js';
export * from './sklearn/index.js';
