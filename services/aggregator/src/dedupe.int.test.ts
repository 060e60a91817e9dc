import { afterEach, describe, expect, it } from 'vitest';
import {
  actual,
  aggregatorHarness,
  eventually,
  expectedWindows,
  readings,
} from './aggregator.test-helper.js';

type Harness = Awaited<ReturnType<typeof aggregatorHarness>>;
let harness: Harness;
afterEach(() => harness?.cleanup());

describe('aggregator batch de-duplication on Redis + Azurite', () => {
  it('counts a re-published batch (same batchId, another stream entry) once', async () => {
    harness = await aggregatorHarness(1);
    const sent = readings(2, 1, '2020-01-01T00:00:01.000Z', 6, 1000); // 00:00:01 … 00:00:06
    const of = (device: string, from: number, to: number) =>
      sent.filter((r) => r.device === device).slice(from, to);
    for (const device of ['dev-0', 'dev-1']) {
      const first = { batchId: `req-1/${device}`, readings: of(device, 0, 3) };
      await harness.publishRaw(device, first);
      await harness.publishRaw(device, first); // the client's retry after a 503
    }
    for (const device of ['dev-0', 'dev-1'])
      await harness.publishRaw(device, { batchId: `req-2/${device}`, readings: of(device, 3, 6) });
    // Lateness 5 s: the devices share the partition's watermark, and dev-1's batches come last.
    harness.start({ windowing: { latenessMs: 5000, idleTimeoutMs: 200 } });

    const expected = expectedWindows(sent);
    await eventually(async () => {
      const windows = await harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z');
      expect(actual(windows)).toEqual(expected);
      // Six stream entries (0 … 5): the duplicates' positions were checkpointed past too.
      const state = await harness.blobs.get('aggregator-state/aggregator/p0.json');
      expect(JSON.parse(state!.body.toString('utf8'))).toMatchObject({ seq: 5 });
    });
    const { windows: raw } = await harness.rawWindows();
    expect(raw.reduce((n, w) => n + w.count, 0)).toBe(sent.length);
  });
});
