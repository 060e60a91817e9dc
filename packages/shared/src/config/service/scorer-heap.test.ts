import { describe, expect, it } from 'vitest';
import {
  heapLimitWarning,
  SCORER_HEAP_FLAGS,
  SCORER_HEAP_MB,
  SCORER_NODE_OPTIONS,
  SCORER_SEMI_SPACE_MB,
  scorerNodeFlags,
} from './scorer-heap.js';

const OLD_SPACE = `--max-old-space-size=${SCORER_HEAP_MB}`;
const SEMI_SPACE = `--max-semi-space-size=${SCORER_SEMI_SPACE_MB}`;

describe('scorer heap bounds', () => {
  it('adds the old-space cap and the semi-space cap to a process started without them', () => {
    expect(scorerNodeFlags()).toEqual([OLD_SPACE, SEMI_SPACE]);
    expect(scorerNodeFlags('--enable-source-maps')).toEqual([...SCORER_HEAP_FLAGS]);
    // A look-alike flag is not the cap.
    expect(scorerNodeFlags('--max-old-space-size-x=1')).toEqual([OLD_SPACE, SEMI_SPACE]);
  });

  it("leaves an operator's own setting of either alone", () => {
    expect(scorerNodeFlags('--max-old-space-size=1024')).toEqual([SEMI_SPACE]);
    expect(scorerNodeFlags('--enable-source-maps --max-old-space-size 768')).toEqual([SEMI_SPACE]);
    expect(scorerNodeFlags('--max-semi-space-size=32')).toEqual([OLD_SPACE]);
    expect(scorerNodeFlags(`${OLD_SPACE} --max-semi-space-size 8`)).toEqual([]);
  });

  it('is one NODE_OPTIONS value for deployments', () => {
    expect(SCORER_NODE_OPTIONS).toBe(`${OLD_SPACE} ${SEMI_SPACE}`);
  });

  it('warns only when the limit is well above the cap', () => {
    // V8 adds the young generation to the old-space cap: a capped process reads a bit more.
    expect(heapLimitWarning((SCORER_HEAP_MB + 48) * 2 ** 20)).toBeUndefined();
    expect(heapLimitWarning(4144 * 2 ** 20)).toContain('4144 MiB');
    expect(heapLimitWarning(4144 * 2 ** 20)).toContain(SCORER_NODE_OPTIONS);
  });

  it('gives this Node exactly the limit the flags promise: old space + three semi-spaces', async () => {
    const { spawnSync } = await import('node:child_process');
    const limit = spawnSync(
      process.execPath,
      [...SCORER_HEAP_FLAGS, '-p', "require('node:v8').getHeapStatistics().heap_size_limit"],
      { encoding: 'utf8' },
    );
    expect(Number(limit.stdout) / 2 ** 20).toBe(SCORER_HEAP_MB + 3 * SCORER_SEMI_SPACE_MB);
  });
});
