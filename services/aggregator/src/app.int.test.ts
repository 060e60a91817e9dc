import { shardOf } from '@fleetscore/shared';
import { parseWindows } from '@fleetscore/shared/windows';
import { afterEach, describe, expect, it } from 'vitest';
import {
  actual,
  aggregatorHarness,
  eventually,
  expectedWindows,
  readings,
  SHARDS,
} from './aggregator.test-helper.js';

type Harness = Awaited<ReturnType<typeof aggregatorHarness>>;
let harness: Harness;
afterEach(() => harness?.cleanup());

// Event time is far from wall time on purpose: windows close by event time (and idle wall time).
const FROM = '2020-01-01T00:59:40.000Z';
const TO = '2020-01-01T01:01:00.000Z';

describe('aggregator on Redis + Azurite', () => {
  it('windows each device in order, by event-time hour and shard, few blobs for many devices', async () => {
    harness = await aggregatorHarness();
    const sent = readings(60, 2, FROM, 30, 1000); // 00:59:40 … 01:00:09, across an hour
    await harness.publish(sent);
    harness.start({ windowing: { latenessMs: 1000, idleTimeoutMs: 300 } });

    const expected = expectedWindows(sent);
    const windows = await eventually(async () => {
      const read = await harness.read(FROM, TO);
      expect(read.length).toBe(expected.size);
      return read;
    });
    expect(actual(windows)).toEqual(expected);

    const { names, windows: raw } = await harness.rawWindows();
    for (const name of names) {
      const match =
        /^windows\/2020\/01\/01\/(00|01)\/shard=(\d+)\/p\d-\d{16}-\d{16}-\d+\.ndjson$/.exec(name);
      expect(match, name).not.toBeNull();
      const blob = await harness.blobs.get(name);
      for (const w of parseWindows(blob!.body.toString('utf8'), name)) {
        expect(shardOf(w.device, SHARDS)).toBe(Number(match![2]));
        expect(new Date(w.end).getUTCHours()).toBe(Number(match![1]));
      }
    }
    // 120 series × 7 windows in blobs bounded by hours × shards × partitions × flushes.
    expect(raw.length).toBe(windows.length);
    expect(names.length).toBeLessThanOrEqual(2 * SHARDS * 4 * 3);
    expect(raw.length / names.length).toBeGreaterThan(10);
  });

  it('places out-of-order readings within the lateness in their own windows', async () => {
    harness = await aggregatorHarness(2);
    const sorted = readings(3, 1, FROM, 40, 250);
    // Per device, swap neighbours 2 s apart: out of order by up to 2 s, lateness 3 s.
    const shuffled = [...sorted].sort(
      (a, b) => jitter(a.ts) - jitter(b.ts) || a.device.localeCompare(b.device),
    );
    await harness.publish(shuffled, 3);
    harness.start({ windowing: { latenessMs: 3000, idleTimeoutMs: 300 } });
    const expected = expectedWindows(sorted);
    const windows = await eventually(async () => {
      const read = await harness.read(FROM, TO);
      expect(read.length).toBe(expected.size);
      return read;
    });
    expect(actual(windows)).toEqual(expected);
    expect(await harness.names('late-events/')).toEqual([]);
  });

  it.each(['drop', 'adjust'] as const)(
    'late policy %s: audited in late-events/',
    async (policy) => {
      harness = await aggregatorHarness(1);
      const onTime = readings(1, 1, '2020-01-01T00:00:00.000Z', 20, 1000); // 00:00:00 … 00:00:19
      const late = { device: 'dev-0', sensor: 's0', ts: '2020-01-01T00:00:01.000Z', value: 100 };
      await harness.publish([...onTime, late], 5);
      harness.start({ windowing: { latenessMs: 2000, idleTimeoutMs: 300, latePolicy: policy } });

      const windows = await eventually(async () => {
        const read = await harness.read('2020-01-01T00:00:00Z', '2020-01-01T00:01:00Z');
        expect(read.reduce((n, w) => n + w.count, 0)).toBe(policy === 'drop' ? 20 : 21);
        return read;
      });
      expect(windows.find((w) => w.end === '2020-01-01T00:00:05.000Z')?.count).toBe(5);
      const audit = await harness.names('late-events/2020/01/01/00/');
      expect(audit).toHaveLength(1);
      const blob = await harness.blobs.get(audit[0]!);
      const [event] = blob!.body
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(event).toMatchObject({
        reading: late,
        outcome: { drop: 'dropped', adjust: 'adjusted' }[policy],
      });
    },
  );

  it('closes the windows of an idle partition by wall time', async () => {
    harness = await aggregatorHarness(1);
    const one = readings(1, 1, '2020-01-01T00:00:01.000Z', 3, 1000); // one window, nothing after
    await harness.publish(one);
    // Closing it takes the idle timeout, then (end − last event + lateness) = 4 s of wall time.
    harness.start({ windowing: { latenessMs: 2000, idleTimeoutMs: 200 } });
    const windows = await eventually(() =>
      harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z').then((w) => {
        expect(w).toHaveLength(1);
        return w;
      }),
    );
    expect(windows[0]).toMatchObject({ end: '2020-01-01T00:00:05.000Z', count: 3 });
  });

  it('parks an invalid event in dead-events/ and checkpoints past it', async () => {
    harness = await aggregatorHarness(1);
    await harness.publishRaw('dev-0', { batchId: 'x', readings: [{ device: '../etc' }] });
    await harness.publish(readings(1, 1, '2020-01-01T00:00:01.000Z', 2, 1000));
    harness.start({ windowing: { latenessMs: 1000, idleTimeoutMs: 200 } });
    await eventually(async () => {
      expect(await harness.read('2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z')).toHaveLength(1);
      const state = await harness.blobs.get('aggregator-state/aggregator/p0.json');
      expect(JSON.parse(state!.body.toString('utf8'))).toMatchObject({ seq: await harness.seq(1) });
    });
    const [dead] = await harness.names('dead-events/');
    const body = JSON.parse((await harness.blobs.get(dead!))!.body.toString('utf8'));
    expect(body).toMatchObject({
      sequenceNumber: await harness.seq(0),
      reason: expect.stringMatching(/device/),
    });
  });

  it('replay windows a past day by event time, in any order, in its own group', async () => {
    harness = await aggregatorHarness(2);
    const day = readings(4, 1, '2019-06-01T10:00:00.000Z', 12, 10 * 60_000); // 2 h, 10 min apart
    await harness.publish([...day].reverse(), 4); // newest first: everything "late" when live
    const worker = harness.start({ windowing: { replay: true, idleTimeoutMs: 200 } });
    expect(worker.aggregator.consumerGroup).toBe('aggregator-replay');
    const windows = await eventually(async () => {
      const read = await harness.read('2019-06-01T10:00:00Z', '2019-06-01T12:00:00Z');
      expect(read).toHaveLength(day.length);
      return read;
    });
    expect(actual(windows)).toEqual(expectedWindows(day));
    expect(await harness.names('late-events/')).toEqual([]);
  });
});

/** Sort key moving every other second back by 2 s. */
function jitter(ts: string): number {
  const t = Date.parse(ts);
  return Math.floor(t / 1000) % 2 === 0 ? t - 2000 : t;
}
