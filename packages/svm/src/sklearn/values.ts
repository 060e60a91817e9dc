/**
 * The inert object graph the pickle machine builds. Nothing here can run: a global is a
 * descriptor naming what the allow-list let through, an instance is a record of the arguments
 * and state a constructor would have received.
 */

/** What an allowed global may be used for; the machine dispatches on this, never on names. */
export type GlobalRole =
  /** An allowed scikit-learn class (`name` is the canonical class name). */
  | 'estimator'
  /** joblib.numpy_pickle.NumpyArrayWrapper: its array bytes follow its BUILD in the stream. */
  | 'array-wrapper'
  /** numpy.ndarray: only as the class argument of `_reconstruct` or a wrapper's `subclass`. */
  | 'ndarray'
  | 'dtype'
  | 'reconstruct'
  | 'scalar'
  | 'frombuffer'
  /** _codecs.encode(str, 'latin1'): protocols 0–2 spell bytes this way. */
  | 'encode'
  | 'bytes'
  | 'bytearray'
  | 'set'
  | 'frozenset'
  /** copyreg._reconstructor(cls, object, None): protocols 0–1 build objects this way. */
  | 'reconstructor'
  /** builtins.object: only as `_reconstructor`'s base argument. */
  | 'object';

export interface PyGlobal {
  readonly kind: 'global';
  readonly module: string;
  readonly name: string;
  readonly role: GlobalRole;
}

/** An object of an allowed class: what NEWOBJ / REDUCE / INST received, then BUILD's state. */
export interface PyInstance {
  readonly kind: 'instance';
  readonly cls: PyGlobal;
  readonly args: readonly PyValue[];
  state: PyValue | undefined;
}

/** A numpy dtype: one-letter kind (`f`, `i`, `u`, `b`, `O`, `U`, `S`…) and item size. */
export interface DType {
  readonly kind: 'dtype';
  readonly char: string;
  readonly itemSize: number;
  /** '<' little, '>' big, '|' not applicable; set by the dtype's BUILD state. */
  byteOrder: '<' | '>' | '|';
  /** Record dtypes (with field names) are never model data; kept only to refuse clearly. */
  structured: boolean;
}

/**
 * A numpy array. `data` holds the raw element bytes in `fortran` or C order, or, for object
 * arrays, the Python values. `_reconstruct` creates it empty and BUILD fills it in.
 */
export interface NdArray {
  readonly kind: 'ndarray';
  dtype: DType | null;
  shape: readonly number[];
  fortran: boolean;
  data: Uint8Array | readonly PyValue[];
}

/** Tuples are frozen arrays, lists plain arrays; dict keys are compared as JS Map keys. */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | readonly PyValue[]
  | Map<PyValue, PyValue>
  | Set<PyValue>
  | PyGlobal
  | PyInstance
  | NdArray
  | DType;

type Tagged = PyGlobal | PyInstance | NdArray | DType;

function tagged(value: PyValue): value is Tagged {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Map) &&
    !(value instanceof Set)
  );
}

export function isGlobal(value: PyValue, role?: GlobalRole): value is PyGlobal {
  return tagged(value) && value.kind === 'global' && (role === undefined || value.role === role);
}

export function isInstance(value: PyValue): value is PyInstance {
  return tagged(value) && value.kind === 'instance';
}

export function isNdArray(value: PyValue): value is NdArray {
  return tagged(value) && value.kind === 'ndarray';
}

export function isDType(value: PyValue): value is DType {
  return tagged(value) && value.kind === 'dtype';
}

export function isSequence(value: PyValue): value is readonly PyValue[] {
  return Array.isArray(value);
}

/** A value's Python type with its article (`an int`, `a list`, `None`), for error messages. */
export function describe(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'a bool';
  if (typeof value === 'bigint') return 'an int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an int' : 'a float';
  if (typeof value === 'string') return 'a str';
  if (Array.isArray(value)) return Object.isFrozen(value) ? 'a tuple' : 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Map) return 'a dict';
  if (value instanceof Set) return 'a set';
  const v = value as Tagged;
  if (v.kind === 'global') return `${v.module}.${v.name}`;
  if (v.kind === 'instance') return `a ${v.cls.module}.${v.cls.name} object`;
  return v.kind === 'ndarray' ? 'a numpy array' : 'a numpy dtype';
}
