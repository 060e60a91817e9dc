export { createModelRegistry, type ModelRegistryDeps } from './create-registry.js';
export { InvalidModelError, isInvalidModelError } from './errors.js';
export { openModelRegistry } from './open-registry.js';
export * from './registry.js';
