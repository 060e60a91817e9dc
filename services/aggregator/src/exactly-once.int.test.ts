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

const FROM = '2020-01-01T00:00:00.000Z';
const TO = '2020-01-01T01:00:00.000Z';
const WINDOWING = { latenessMs: 1000, idleTimeoutMs: 300 };

describe('aggregator: exactly-once effect on an at-least-once stream', () => {
  // Same cadence: the replay rewrites the same segment names. Different cadence (the doomed
  // worker flushes after every small batch): other names, so the blobs hold duplicates and
  // readers must de-duplicate.
  it.each([
    { cadence: 'the same', doomed: {}, duplicates: false },
    {
      cadence: 'another',
      doomed: { flushMs: 0, subscribe: { maxBatchSize: 3 } },
      duplicates: true,
    },
  ])(
    'a crash between window blobs and checkpoint, replayed at $cadence cadence, counts once',
    async ({ doomed: cadence, duplicates }) => {
      harness = await aggregatorHarness(2);
      const sent = readings(8, 2, FROM, 40, 500); // 20 s of event time
      const expected = expectedWindows(sent);
      await harness.publish(sent, 4);
      let crashes = 0;
      const doomed = harness.start({
        ...cadence,
        windowing: WINDOWING,
        hooks: {
          afterWindowsWritten: () => {
            crashes += 1;
            throw new Error('crash between window write and checkpoint');
          },
        },
      });
      // Window blobs are written, but no state blob and no checkpoint ever follow.
      await eventually(async () =>
        expect((await harness.rawWindows()).windows.length).toBeGreaterThan(0),
      );
      await doomed.crash();
      expect(crashes).toBeGreaterThan(0);
      expect(await harness.names('aggregator-state/')).toEqual([]);

      harness.start({ windowing: WINDOWING });
      const windows = await eventually(async () => {
        const read = await harness.read(FROM, TO);
        expect(read).toHaveLength(expected.size);
        return read;
      });
      // Readers see every window once, with every reading counted once.
      expect(actual(windows)).toEqual(expected);
      const raw = await harness.rawWindows();
      if (duplicates) expect(raw.windows.length).toBeGreaterThan(windows.length);
      else expect(raw.windows.length).toBeGreaterThanOrEqual(windows.length);
      expect(await harness.names('late-events/')).toEqual([]);
    },
  );

  it('after a restart, the restored watermark keeps a late reading out of written windows', async () => {
    harness = await aggregatorHarness(1);
    const first = readings(2, 1, FROM, 30, 500); // 00:00:00 … 00:00:14.5: 4 windows each
    await harness.publish(first);
    const one = harness.start({ windowing: WINDOWING });
    await eventually(async () => {
      expect(await harness.read(FROM, TO)).toHaveLength(8); // idle closed them all
      const state = await harness.blobs.get('aggregator-state/aggregator/p0.json');
      expect(JSON.parse(state!.body.toString('utf8'))).toMatchObject({
        seq: await harness.seq(59),
      }); // 60 one-reading events
    });
    await one.close();
    // A fresh engine has no watermark: without the restored one this reading would open a
    // second, partial copy of the written window ending 00:00:05.
    const late = { device: 'dev-0', sensor: 's0', ts: '2020-01-01T00:00:02.000Z', value: 50 };
    const more = readings(2, 1, '2020-01-01T00:00:15.500Z', 10, 500); // after the idle close
    await harness.publish([late, ...more]);
    harness.start({ windowing: WINDOWING });
    const expected = expectedWindows([...first, ...more]);
    const windows = await eventually(async () => {
      const read = await harness.read(FROM, TO);
      expect(read).toHaveLength(expected.size);
      return read;
    });
    expect(actual(windows)).toEqual(expected);
    expect((await harness.rawWindows()).windows).toHaveLength(windows.length);
    const [audit] = await harness.names('late-events/');
    const text = (await harness.blobs.get(audit!))!.body.toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ reading: late, outcome: 'dropped' });
  });

  it('two replicas share the partitions; when one dies the other writes everything once', async () => {
    harness = await aggregatorHarness(4);
    const a = harness.start({ windowing: WINDOWING });
    const b = harness.start({ windowing: WINDOWING });
    await eventually(async () => {
      expect(a.aggregator.owned().length).toBeGreaterThan(0);
      expect(b.aggregator.owned().length).toBeGreaterThan(0);
      expect(a.aggregator.owned().length + b.aggregator.owned().length).toBe(4);
    });
    const early = readings(30, 2, FROM, 20, 500);
    await harness.publish(early);
    await eventually(async () => expect((await harness.read(FROM, TO)).length).toBeGreaterThan(0));
    await a.crash();
    const late = readings(30, 2, '2020-01-01T00:00:10.000Z', 20, 500);
    await harness.publish(late);
    await eventually(async () => expect(b.aggregator.owned()).toHaveLength(4));

    const expected = expectedWindows([...early, ...late]);
    const windows = await eventually(async () => {
      const read = await harness.read(FROM, TO);
      expect(read).toHaveLength(expected.size);
      return read;
    });
    expect(actual(windows)).toEqual(expected);
  });
});
