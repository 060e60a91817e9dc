import { UnsupportedModelError } from './errors.js';

/**
 * Caps the copying a pickle can ask for. Most opcodes cost a byte per item they touch, but a few
 * roles copy a whole value that may be shared through the memo (`_codecs.encode` of a long
 * string, `bytes(list)`, `set(list)`, BUILD merging a dict): a few bytes could repeat a large
 * copy and stall the importer quadratically. Real model files copy each value about once, so
 * 8 units per input byte (plus a floor) is generous for them and still linear.
 */
export class WorkBudget {
  private left: number;

  constructor(inputBytes: number) {
    this.left = 8 * inputBytes + 1_000_000;
  }

  charge(units: number): void {
    this.left -= units;
    if (this.left < 0) {
      throw new UnsupportedModelError(
        'the pickle asks for far more copying than its size justifies (repeated copies of shared data)',
      );
    }
  }
}
