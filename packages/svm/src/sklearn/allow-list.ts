import { PickleSecurityError, UnsupportedModelError } from './errors.js';
import type { GlobalRole, PyGlobal } from './values.js';

/** The scikit-learn classes a one-class SVM file may contain, by canonical name. */
export type EstimatorName = 'Pipeline' | 'StandardScaler' | 'OneClassSVM';

const ESTIMATORS: Record<string, EstimatorName> = {
  'sklearn.pipeline.Pipeline': 'Pipeline',
  // 0.19–0.21 module paths, then the private modules of 0.22+.
  'sklearn.preprocessing.data.StandardScaler': 'StandardScaler',
  'sklearn.preprocessing._data.StandardScaler': 'StandardScaler',
  'sklearn.svm.classes.OneClassSVM': 'OneClassSVM',
  'sklearn.svm._classes.OneClassSVM': 'OneClassSVM',
};

/**
 * Everything else a model file legitimately names: numpy's array and scalar builders (under
 * numpy.core for numpy 1.x and numpy._core for 2.x), joblib's array wrapper, and the builtins
 * older protocols use to spell bytes, sets and objects. Each maps to a role the machine
 * implements itself; none of them is ever looked up, imported or called.
 */
const HELPERS: Record<string, GlobalRole> = {
  'numpy.ndarray': 'ndarray',
  'numpy.dtype': 'dtype',
  'numpy.core.multiarray._reconstruct': 'reconstruct',
  'numpy._core.multiarray._reconstruct': 'reconstruct',
  'numpy.core.multiarray.scalar': 'scalar',
  'numpy._core.multiarray.scalar': 'scalar',
  'numpy.core.numeric._frombuffer': 'frombuffer',
  'numpy._core.numeric._frombuffer': 'frombuffer',
  'joblib.numpy_pickle.NumpyArrayWrapper': 'array-wrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper': 'array-wrapper',
  '_codecs.encode': 'encode',
  '__builtin__.bytes': 'bytes',
  'builtins.bytes': 'bytes',
  '__builtin__.bytearray': 'bytearray',
  'builtins.bytearray': 'bytearray',
  '__builtin__.set': 'set',
  'builtins.set': 'set',
  '__builtin__.frozenset': 'frozenset',
  'builtins.frozenset': 'frozenset',
  'copy_reg._reconstructor': 'reconstructor',
  'copyreg._reconstructor': 'reconstructor',
  '__builtin__.object': 'object',
  'builtins.object': 'object',
};

const SUPPORTED =
  'a OneClassSVM, alone or in a Pipeline after a StandardScaler (scikit-learn 0.19 or later)';

/**
 * Resolves a global named by GLOBAL, STACK_GLOBAL or INST to an inert descriptor, or throws.
 * Unknown scikit-learn names are honest models of another kind (an SVC, a PCA step) and scipy
 * sparse matrices honest sparse-fitted ones, so they get UnsupportedModelError; any other name
 * may be an attack and gets PickleSecurityError. Either way nothing is resolved.
 */
export function resolveGlobal(module: string, name: string): PyGlobal {
  const path = `${module}.${name}`;
  const estimator = ESTIMATORS[path];
  if (estimator !== undefined)
    return { kind: 'global', module, name: estimator, role: 'estimator' };
  const role = HELPERS[path];
  if (role !== undefined) return { kind: 'global', module, name, role };
  if (module === 'sklearn' || module.startsWith('sklearn.')) {
    throw new UnsupportedModelError(`${path} is not supported: Fleetscore imports ${SUPPORTED}`);
  }
  if (module.startsWith('scipy.sparse')) {
    throw new UnsupportedModelError(
      `${path}: models fitted on sparse matrices are not supported; refit on a dense array`,
    );
  }
  throw new PickleSecurityError(path);
}

/** The dotted path a descriptor was resolved from, as the pickle spelled it. */
export function globalPath(global: PyGlobal): string {
  return `${global.module}.${global.name}`;
}
