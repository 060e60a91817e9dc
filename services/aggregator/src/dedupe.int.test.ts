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
      expect(JSON.parse(state!.body.toString('utf8'))).toMatchObject({ seq: await harness.seq(5) });
    });
    const { windows: raw } = await harness.rawWindows();
    expect(raw.reduce((n, w) => n + w.count, 0)).toBe(sent.length);
  });

  it('still drops a batch re-published after a restart: the ids persist in the state blob', async () => {
    harness = await aggregatorHarness(1);
    const state = async () => {
      const blob = await harness.blobs.get('aggregator-state/aggregator/p0.json');
      return blob && JSON.parse(blob.body.toString('utf8'));
    };
    const first = readings(1, 1, '2020-01-01T00:00:01.000Z', 3, 1000); // window 00:00:05
    const batch = { batchId: 'req-1/dev-0', readings: first };
    // `adjust` re-stamps a late reading into a later window instead of dropping it, so a
    // duplicate that got past de-duplication would add to the window counts.
    const options = {
      windowing: { latenessMs: 1000, idleTimeoutMs: 200, latePolicy: 'adjust' as const },
    };
    await harness.publishRaw('dev-0', batch);
    const before = harness.start(options);
    await eventually(async () => {
      const windows = await harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z');
      expect(windows.map((w) => [w.end, w.count])).toEqual([['2020-01-01T00:00:05.000Z', 3]]);
      const zero = await harness.seq(0);
      expect(await state()).toMatchObject({ seq: zero, batches: [['req-1/dev-0', zero]] });
    });
    await before.crash();

    const later = readings(1, 1, '2020-01-01T00:02:01.000Z', 2, 1000); // window 00:02:05
    await harness.publishRaw('dev-0', batch); // the client's retry, after the restart
    await harness.publishRaw('dev-0', { batchId: 'req-2/dev-0', readings: later });
    harness.start(options);
    const windows = await eventually(async () => {
      const read = await harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z');
      expect(read.some((w) => w.end === '2020-01-01T00:02:05.000Z')).toBe(true);
      expect(await state()).toMatchObject({ seq: await harness.seq(2) });
      return read;
    });
    expect(windows.map((w) => [w.end, w.count])).toEqual([
      ['2020-01-01T00:00:05.000Z', 3],
      ['2020-01-01T00:02:05.000Z', 2],
    ]);
    const { windows: raw } = await harness.rawWindows();
    expect(raw.reduce((n, w) => n + w.count, 0)).toBe(first.length + later.length);
    expect(await harness.names('late-events/')).toEqual([]); // skipped before the late check
    expect((await state()).batches.map(([id]: [string]) => id)).toEqual([
      'req-1/dev-0',
      'req-2/dev-0',
    ]);
  });

  it('with dedupeBatches 0 counts a re-published batch again and persists no ids', async () => {
    harness = await aggregatorHarness(1);
    const sent = readings(1, 1, '2020-01-01T00:00:01.000Z', 3, 1000);
    const batch = { batchId: 'req-1/dev-0', readings: sent };
    await harness.publishRaw('dev-0', batch);
    await harness.publishRaw('dev-0', batch);
    harness.start({ dedupeBatches: 0, windowing: { latenessMs: 1000, idleTimeoutMs: 200 } });
    await eventually(async () => {
      const windows = await harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z');
      expect(windows.map((w) => [w.end, w.count])).toEqual([['2020-01-01T00:00:05.000Z', 6]]);
      const blob = await harness.blobs.get('aggregator-state/aggregator/p0.json');
      expect(JSON.parse(blob!.body.toString('utf8'))).toMatchObject({
        seq: await harness.seq(1),
        batches: [],
      });
    });
  });
});
