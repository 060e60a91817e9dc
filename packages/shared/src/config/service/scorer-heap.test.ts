import { describe, expect, it } from 'vitest';
import {
  heapLimitWarning,
  SCORER_HEAP_FLAG,
  SCORER_HEAP_MB,
  scorerNodeFlags,
} from './scorer-heap.js';

describe('scorer heap cap', () => {
  it('adds the cap to a process started without one', () => {
    expect(scorerNodeFlags()).toEqual([`--max-old-space-size=${SCORER_HEAP_MB}`]);
    expect(scorerNodeFlags('--enable-source-maps')).toEqual([SCORER_HEAP_FLAG]);
    // A look-alike flag is not the cap.
    expect(scorerNodeFlags('--max-old-space-size-x=1')).toEqual([SCORER_HEAP_FLAG]);
  });

  it("leaves an operator's own cap alone", () => {
    expect(scorerNodeFlags('--max-old-space-size=1024')).toEqual([]);
    expect(scorerNodeFlags('--enable-source-maps --max-old-space-size 768')).toEqual([]);
  });

  it('warns only when the limit is well above the cap', () => {
    // V8 adds the young generation to the old-space cap: a capped process reads a bit more.
    expect(heapLimitWarning((SCORER_HEAP_MB + 48) * 2 ** 20)).toBeUndefined();
    expect(heapLimitWarning(4144 * 2 ** 20)).toContain('4144 MiB');
    expect(heapLimitWarning(4144 * 2 ** 20)).toContain(SCORER_HEAP_FLAG);
  });
});
