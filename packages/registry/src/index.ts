export { createModelRegistry, type ModelRegistryDeps } from './create-registry.js';
export { InvalidModelError, isInvalidModelError } from './errors.js';
export { isContinuationToken } from './keys.js';
export { openModelRegistry } from './open-registry.js';
export * from './registry.js';
