import { resolveGlobal } from './allow-list.js';
import { ByteReader } from './byte-reader.js';
import { build, callGlobal, newObject } from './calls.js';
import { PickleSecurityError, UnsupportedModelError } from './errors.js';
import { readWrapperArray } from './joblib-array.js';
import { LITERALS } from './literals.js';
import { HIGHEST_PROTOCOL, Op as Opcodes, opName } from './opcodes.js';
import { PickleStack } from './pickle-stack.js';
import { parseLongOperand } from './text-operands.js';
import { describe, isGlobal, isInstance, type PyValue } from './values.js';
import { WorkBudget } from './work-budget.js';

export interface UnpickleResult {
  readonly value: PyValue;
  /** PROTO's value; without PROTO, 1 if any binary opcode appeared, else 0. */
  readonly protocol: number;
  /** How many joblib NumpyArrayWrapper arrays were read from the stream (0: a plain pickle). */
  readonly joblibArrays: number;
  /** The offset just past STOP. */
  readonly end: number;
}

// A plain local object: under ESM-to-CJS transforms (tsx, vitest) every `Opcodes.X` would go
// through a live-binding getter, which the opcode switch below would pay for on every byte.
const Op = { ...Opcodes };

// Protocol 0's opcodes are printable characters; any other opcode means protocol 1 or later.
const PROTOCOL_0 = new Set(Array.from('(.02FILNPRSVabcdgilpst', (c) => c.charCodeAt(0)));

const tuple = (items: PyValue[]): readonly PyValue[] => Object.freeze(items);

/**
 * Runs a pickle into an inert object graph (see values.ts). The machine is a loop over the
 * bytes with no recursion, and every opcode consumes at least one byte, so it finishes in time
 * linear in the input; lengths are checked before slicing. `joblib` (default on) reads
 * joblib's inline array data; the nested pickle of an object array runs with it off, so
 * nesting stops there.
 */
export function unpickle(bytes: Uint8Array, options: { joblib?: boolean } = {}): UnpickleResult {
  return run(new ByteReader(bytes), options.joblib ?? true, new WorkBudget(bytes.length));
}

function run(reader: ByteReader, joblib: boolean, work: WorkBudget): UnpickleResult {
  let at = reader.pos;
  const s = new PickleStack(() => at);
  let protocol: number | null = null;
  let binary = false;
  let joblibArrays = 0;
  const global = (module: PyValue, name: PyValue) => {
    if (typeof module !== 'string' || typeof name !== 'string') {
      throw s.fail(`a global named by ${describe(module)} and ${describe(name)}`);
    }
    return resolveGlobal(module, name);
  };

  for (;;) {
    at = reader.pos;
    if (reader.remaining === 0) throw s.fail('the pickle ends without STOP (truncated file?)');
    const op = reader.u8();
    if (!PROTOCOL_0.has(op)) binary = true;
    const literal = LITERALS[op];
    if (literal !== undefined) {
      s.push(literal(reader, at));
      continue;
    }
    switch (op) {
      case Op.PROTO:
        protocol = reader.u8();
        if (protocol > HIGHEST_PROTOCOL) {
          throw new UnsupportedModelError(
            `pickle protocol ${protocol} is newer than supported (≤ ${HIGHEST_PROTOCOL})`,
          );
        }
        break;
      case Op.FRAME: // a hint for buffered readers; the bytes it covers are read as usual
        if (reader.u64() > reader.remaining) throw s.fail('FRAME longer than the rest of the file');
        break;
      case Op.STOP: {
        const value = s.pop();
        return { value, protocol: protocol ?? (binary ? 1 : 0), joblibArrays, end: reader.pos };
      }
      case Op.MARK:
        s.mark();
        break;
      case Op.POP:
        s.discard();
        break;
      case Op.POP_MARK:
        s.popMark();
        break;
      case Op.DUP:
        s.push(s.top());
        break;
      case Op.EMPTY_TUPLE:
        s.push(tuple([]));
        break;
      case Op.TUPLE:
        s.push(tuple(s.popMark()));
        break;
      case Op.TUPLE1:
      case Op.TUPLE2:
      case Op.TUPLE3:
        s.push(tuple(s.popN(op - Op.TUPLE1 + 1)));
        break;
      case Op.EMPTY_LIST:
        s.push([]);
        break;
      case Op.LIST:
        s.push(s.popMark());
        break;
      case Op.APPEND:
        s.appendItems([s.pop()]);
        break;
      case Op.APPENDS:
        s.appendItems(s.popMark());
        break;
      case Op.EMPTY_DICT:
        s.push(new Map());
        break;
      case Op.DICT: {
        const items = s.popMark();
        s.push(new Map());
        s.setItems(items);
        break;
      }
      case Op.SETITEM: {
        const value = s.pop();
        s.setItems([s.pop(), value]);
        break;
      }
      case Op.SETITEMS:
        s.setItems(s.popMark());
        break;
      case Op.EMPTY_SET:
        s.push(new Set());
        break;
      case Op.ADDITEMS:
        s.addItems(s.popMark());
        break;
      case Op.FROZENSET:
        s.push(new Set(s.popMark()));
        break;
      case Op.GET:
        s.push(s.memoGet(Number(parseLongOperand(reader.line(), at))));
        break;
      case Op.BINGET:
        s.push(s.memoGet(reader.u8()));
        break;
      case Op.LONG_BINGET:
        s.push(s.memoGet(reader.u32()));
        break;
      case Op.PUT:
        s.memoPut(Number(parseLongOperand(reader.line(), at)));
        break;
      case Op.BINPUT:
        s.memoPut(reader.u8());
        break;
      case Op.LONG_BINPUT:
        s.memoPut(reader.u32());
        break;
      case Op.MEMOIZE:
        s.memoPut();
        break;
      case Op.GLOBAL: {
        const module = reader.line();
        s.push(global(module, reader.line()));
        break;
      }
      case Op.STACK_GLOBAL: {
        const name = s.pop();
        s.push(global(s.pop(), name));
        break;
      }
      case Op.INST: {
        // Resolved (and refused) before its arguments are even looked at.
        const module = reader.line();
        const cls = global(module, reader.line());
        s.push(callGlobal(cls, s.popMark(), work));
        break;
      }
      case Op.OBJ: {
        const [cls = null, ...args] = s.popMark();
        if (!isGlobal(cls)) throw s.fail(`OBJ of ${describe(cls)}`);
        s.push(callGlobal(cls, args, work));
        break;
      }
      case Op.REDUCE: {
        const args = s.pop();
        s.push(callGlobal(s.pop(), args, work));
        break;
      }
      case Op.NEWOBJ: {
        const args = s.pop();
        s.push(newObject(s.pop(), args));
        break;
      }
      case Op.NEWOBJ_EX: {
        const kwargs = s.pop();
        const args = s.pop();
        if (!(kwargs instanceof Map) || kwargs.size > 0) {
          throw s.fail('NEWOBJ_EX with keyword arguments');
        }
        s.push(newObject(s.pop(), args));
        break;
      }
      case Op.BUILD: {
        const state = s.pop();
        const obj = s.top();
        build(obj, state, work);
        if (joblib && isInstance(obj) && obj.cls.role === 'array-wrapper') {
          // As joblib's unpickler does: the array read from the stream replaces its wrapper.
          s.replaceTop(readWrapperArray(obj, reader, (r) => run(r, false, work).value));
          joblibArrays++;
        }
        break;
      }
      case Op.READONLY_BUFFER:
        s.top();
        break;
      case Op.PERSID:
      case Op.BINPERSID:
      case Op.NEXT_BUFFER:
        throw new UnsupportedModelError(
          `${opName(op)} at byte ${at}: the pickle refers to data outside the file (persistent ids or out-of-band buffers), which this importer does not accept`,
        );
      case Op.EXT1:
      case Op.EXT2:
      case Op.EXT4: {
        // Extension codes stand for globals from copyreg's registry: refused like any global.
        const code = op === Op.EXT1 ? reader.u8() : op === Op.EXT2 ? reader.u16() : reader.i32();
        throw new PickleSecurityError(`copyreg extension ${code}`, `${opName(op)} at byte ${at}`);
      }
      default:
        throw s.fail(opName(op));
    }
  }
}
