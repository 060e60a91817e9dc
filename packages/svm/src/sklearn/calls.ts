import { globalPath } from './allow-list.js';
import { buildDType, dtypeFromName } from './dtype.js';
import { UnsupportedModelError } from './errors.js';
import { arrayFromBuffer, buildArray, reconstructArray, scalarValue } from './ndarray.js';
import {
  describe,
  isDType,
  isGlobal,
  isInstance,
  isNdArray,
  isSequence,
  type PyGlobal,
  type PyInstance,
  type PyValue,
} from './values.js';
import type { WorkBudget } from './work-budget.js';

/**
 * What REDUCE, NEWOBJ, INST/OBJ and BUILD mean for the inert graph. The machine never calls
 * anything: each allowed global has a role, and each role has a small, pure implementation
 * here. Anything else in a call position is refused.
 */

function refuse(problem: string): never {
  throw new UnsupportedModelError(`unsupported pickle content: ${problem}`);
}

function instance(cls: PyGlobal, args: readonly PyValue[]): PyInstance {
  return { kind: 'instance', cls, args, state: undefined };
}

const LATIN1 = ['latin1', 'latin-1', 'iso-8859-1'];

/** `text.encode(encoding)`, for latin-1 only: how protocols 0–2 spell bytes. */
function latin1Bytes(text: PyValue, encoding: PyValue): Uint8Array {
  if (!LATIN1.includes(String(encoding).toLowerCase())) refuse(`encoding ${String(encoding)}`);
  if (typeof text !== 'string') refuse(`bytes from ${describe(text)}`);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) refuse('bytes encoded from text beyond latin-1');
    out[i] = code;
  }
  return out;
}

/** `bytes()`, `bytes(b)`, `bytes([1, 2])`: copies, so later edits of a source cannot leak. */
function bytesFrom(args: readonly PyValue[]): Uint8Array {
  const [source] = args;
  if (source === undefined) return new Uint8Array(0);
  if (source instanceof Uint8Array) return source.slice();
  if (isSequence(source) && source.every((b) => typeof b === 'number' && b >= 0 && b < 256)) {
    return Uint8Array.from(source as number[]);
  }
  if (typeof source === 'string') return latin1Bytes(source, args[1] ?? null);
  return refuse(`bytes(${describe(source)})`);
}

/**
 * `func(*args)` for REDUCE (and OBJ/INST, which construct their class the same way). Roles that
 * copy a value charge `work` for it.
 */
export function callGlobal(func: PyValue, args: PyValue, work: WorkBudget): PyValue {
  if (!isGlobal(func)) refuse(`calling ${describe(func)}`);
  if (!isSequence(args)) refuse(`arguments ${describe(args)} for ${globalPath(func)}`);
  const [first = null] = args;
  if (typeof first === 'string' || first instanceof Uint8Array || isSequence(first)) {
    work.charge(first.length);
  }
  switch (func.role) {
    case 'estimator':
    case 'array-wrapper':
      return instance(func, args);
    case 'dtype':
      return dtypeFromName(args[0] ?? null);
    case 'reconstruct':
      return reconstructArray(args);
    case 'scalar':
      return scalarValue(args);
    case 'frombuffer':
      return arrayFromBuffer(args);
    case 'encode':
      return latin1Bytes(args[0] ?? null, args[1] ?? null);
    case 'bytes':
    case 'bytearray':
      return bytesFrom(args);
    case 'set':
    case 'frozenset': {
      const items = args[0] ?? [];
      if (!isSequence(items)) refuse(`${func.name}(${describe(items)})`);
      return new Set(items);
    }
    case 'reconstructor': {
      const [cls, base, state] = args;
      if (!isGlobal(cls ?? null) || !isGlobal(base ?? null, 'object') || (state ?? null) !== null) {
        refuse('copyreg._reconstructor with arguments other than (class, object, None)');
      }
      return newObject(cls as PyGlobal, []);
    }
    default:
      return refuse(`calling ${globalPath(func)}`);
  }
}

/** NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args)` — only for the classes that carry state. */
export function newObject(cls: PyValue, args: PyValue): PyInstance {
  if (!isGlobal(cls, 'estimator') && !isGlobal(cls, 'array-wrapper')) {
    refuse(`creating an object of ${describe(cls)}`);
  }
  if (!isSequence(args)) refuse(`arguments ${describe(args)} for ${globalPath(cls)}`);
  return instance(cls, args);
}

/**
 * BUILD: `obj.__setstate__(state)`. An instance's state is its `__dict__` (optionally paired
 * with slot values, which sklearn objects do not have); arrays and dtypes take numpy's state.
 */
export function build(obj: PyValue, state: PyValue, work: WorkBudget): void {
  if (isNdArray(obj)) buildArray(obj, state);
  else if (isDType(obj)) buildDType(obj, state);
  else if (!isInstance(obj)) refuse(`setting the state of ${describe(obj)}`);
  else buildInstance(obj, state, work);
}

function buildInstance(obj: PyInstance, state: PyValue, work: WorkBudget): void {
  // A dict, or Python's (dict or None, slot dict or None) pair; both are merged as attributes.
  const parts = isSequence(state) && state.length === 2 ? state : [state];
  const merged = obj.state instanceof Map ? new Map(obj.state) : new Map<PyValue, PyValue>();
  for (const part of parts) {
    if (part === null && parts.length === 2) continue;
    if (!(part instanceof Map)) refuse(`state ${describe(state)} for ${globalPath(obj.cls)}`);
    work.charge(part.size);
    for (const [key, value] of part) merged.set(key, value);
  }
  obj.state = merged;
}
