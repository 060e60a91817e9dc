import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh harness for each test of the enclosing `describe`, as the storage conformance suites
 * want: `factory` before each test, the harness's `cleanup` after it. The getter returned
 * throws when no test is running, so a suite cannot reach a stale harness.
 */
export function harnessPerTest<H extends { cleanup(): Promise<void> }>(
  factory: () => Promise<H>,
): () => H {
  let harness: H | undefined;
  beforeEach(async () => {
    harness = await factory();
  });
  afterEach(async () => {
    await harness?.cleanup();
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('the factory did not run');
    return harness;
  };
}
