export {
  detectModelFile,
  type ModelFileKind,
  type UnsupportedCompression,
} from './container.js';
export {
  isPickleSecurityError,
  isUnsupportedModelError,
  PickleSecurityError,
  UnsupportedModelError,
} from './errors.js';
export { type ImportSklearnOptions, importSklearnModel } from './import-model.js';
