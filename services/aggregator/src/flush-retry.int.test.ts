import { type BlobStore, UnavailableError } from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { aggregatorHarness, eventually, readings } from './aggregator.test-helper.js';

type Harness = Awaited<ReturnType<typeof aggregatorHarness>>;
let harness: Harness;
afterEach(() => harness?.cleanup());

/**
 * The real store, with window and state writes refused while `down` is set: storage
 * unavailable, as in the reliability suite's Azurite outage (test/reliability, scenario 5).
 */
function outage(blobs: BlobStore) {
  const state = { down: true, refused: 0 };
  const store: BlobStore = {
    get: (name, options) => blobs.get(name, options),
    getStream: (name, options) => blobs.getStream(name, options),
    list: (prefix, options) => blobs.list(prefix, options),
    delete: (name, options) => blobs.delete(name, options),
    exists: (name, options) => blobs.exists(name, options),
    async put(name, body, options) {
      if (state.down && !name.startsWith('aggregator-state/')) {
        state.refused += 1;
        throw new UnavailableError(`storage down: ${name}`);
      }
      return blobs.put(name, body, options);
    },
  };
  return { store, state };
}

describe('a flush that fails on an idle partition', () => {
  it('is retried once storage answers again, with no further delivery', async () => {
    harness = await aggregatorHarness(1);
    const sent = readings(1, 1, '2020-01-01T00:00:01.000Z', 3, 1000);
    await harness.publish(sent); // the only delivery: nothing arrives afterwards
    const { store, state } = outage(harness.blobs);
    harness.start({ windowing: { replay: true, idleTimeoutMs: 200 } }, store);
    await eventually(async () => expect(state.refused).toBeGreaterThan(0));
    state.down = false;
    const windows = await eventually(() =>
      harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z').then((w) => {
        expect(w).toHaveLength(1);
        return w;
      }),
    );
    expect(windows[0]).toMatchObject({ end: '2020-01-01T00:00:05.000Z', count: 3 });
  });
});
