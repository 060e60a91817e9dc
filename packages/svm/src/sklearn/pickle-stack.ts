import { corrupt } from './errors.js';
import { describe, type PyValue } from './values.js';

/**
 * The machine's stack, MARK positions and memo. Items below the innermost MARK belong to an
 * enclosing frame, as with Python's metastack, so no opcode can reach past a MARK. `at()`
 * gives the current opcode's offset for error messages.
 */
export class PickleStack {
  private readonly items: PyValue[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly at: () => number;

  constructor(at: () => number) {
    this.at = at;
  }

  fail(problem: string): Error {
    return corrupt(this.at(), problem);
  }

  private get floor(): number {
    return this.marks.at(-1) ?? 0;
  }

  push(value: PyValue): void {
    this.items.push(value);
  }

  top(): PyValue {
    if (this.items.length <= this.floor) throw this.fail('stack underflow');
    return this.items[this.items.length - 1]!;
  }

  replaceTop(value: PyValue): void {
    this.top();
    this.items[this.items.length - 1] = value;
  }

  pop(): PyValue {
    const value = this.top();
    this.items.pop();
    return value;
  }

  /** The last `n` items (TUPLE1–3), which must all sit above the innermost MARK. */
  popN(n: number): PyValue[] {
    if (this.items.length - n < this.floor) throw this.fail(`needs ${n} items`);
    return this.items.splice(this.items.length - n);
  }

  mark(): void {
    this.marks.push(this.items.length);
  }

  popMark(): PyValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw this.fail('no MARK to pop to');
    return this.items.splice(mark);
  }

  /** POP: the top item, or, with nothing above the innermost MARK, that MARK. */
  discard(): void {
    if (this.items.length > this.floor) this.items.pop();
    else this.popMark();
  }

  memoGet(index: number): PyValue {
    if (!this.memo.has(index)) throw this.fail(`memo entry ${index} was never stored`);
    return this.memo.get(index)!;
  }

  /** PUT / BINPUT / LONG_BINPUT; MEMOIZE passes no index and takes the next free one. */
  memoPut(index: number = this.memo.size): void {
    this.memo.set(index, this.top());
  }

  setItems(items: PyValue[]): void {
    const dict = this.top();
    if (!(dict instanceof Map)) throw this.fail(`setting items on ${describe(dict)}`);
    if (items.length % 2 !== 0) throw this.fail('odd number of items for a dict');
    for (let i = 0; i < items.length; i += 2) dict.set(items[i]!, items[i + 1]!);
  }

  appendItems(items: PyValue[]): void {
    const list = this.top();
    if (!Array.isArray(list) || Object.isFrozen(list)) {
      throw this.fail(`appending to ${describe(list)}`);
    }
    for (const item of items) (list as PyValue[]).push(item);
  }

  addItems(items: PyValue[]): void {
    const set = this.top();
    if (!(set instanceof Set)) throw this.fail(`adding items to ${describe(set)}`);
    for (const item of items) set.add(item);
  }
}
