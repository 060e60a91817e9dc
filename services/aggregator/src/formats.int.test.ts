import {
  AGGREGATES,
  NonRetryableError,
  WINDOW_FORMATS,
  type WindowFormat,
} from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  actual,
  aggregatorHarness,
  eventually,
  expectedWindows,
  readings,
} from './aggregator.test-helper.js';

type Harness = Awaited<ReturnType<typeof aggregatorHarness>>;
const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.allSettled(harnesses.splice(0).map((h) => h.cleanup()));
});

const FROM = '2020-01-01T00:59:50.000Z';
const TO = '2020-01-01T01:01:00.000Z';
// Values with long float64 expansions, so that a lossy number format would show.
const sent = readings(5, 2, FROM, 16, 1000).map((r) => ({ ...r, value: r.value / 3 + 0.1 }));
const windowing = { latenessMs: 1000, idleTimeoutMs: 300, aggregates: [...AGGREGATES] };

/** Runs one aggregator writing `format` over `sent` and returns what `readWindows` reads. */
async function windowsIn(format: WindowFormat) {
  const harness = await aggregatorHarness(2);
  harnesses.push(harness);
  await harness.publish(sent, 4);
  harness.start({ windowFormat: format, windowing });
  const expected = expectedWindows(sent);
  const windows = await eventually(async () => {
    const read = await harness.read(FROM, TO);
    expect(read.length).toBe(expected.size);
    return read;
  });
  return { windows, names: await harness.names('windows/'), expected };
}

describe('window blob formats on Redis + Azurite', () => {
  it('CSV and Parquet windows read back equal to NDJSON windows', async () => {
    const ndjson = await windowsIn('ndjson');
    // Integer counts, float averages close to the readings' (the engine's own tests pin them).
    expect([...actual(ndjson.windows).values()].map((w) => w.count)).toEqual(
      [...ndjson.expected.values()].map((w) => w.count),
    );
    for (const format of ['csv', 'parquet'] as const) {
      const { windows, names } = await windowsIn(format);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name.endsWith(`.${format}`), name).toBe(true);
      expect(windows, format).toEqual(ndjson.windows);
      expect(windows.some((w) => w.values.stddev !== undefined)).toBe(true);
    }
  });

  it('keeps reading old blobs after a format change, and refuses a blob in no format', async () => {
    const harness = await aggregatorHarness(1);
    harnesses.push(harness);
    const expected = expectedWindows(sent);
    // Three runs of one deployment, each with the next format, each over whole windows (a run
    // closes its last window by idle time; a later reading for it would be late).
    const run = (ts: string) =>
      Math.max(0, Math.ceil((Date.parse(ts) - Date.parse(FROM)) / 5000) - 1);
    const thirds = [0, 1, 2].map((k) => sent.filter((r) => run(r.ts) === k));
    expect(thirds.map((t) => t.length)).toEqual([60, 50, 50]);
    for (const [k, format] of WINDOW_FORMATS.entries()) {
      await harness.publish(thirds[k]!, 4);
      const worker = harness.start({ windowFormat: format, windowing });
      const done = sent.filter((r) =>
        thirds
          .slice(0, k + 1)
          .flat()
          .includes(r),
      );
      await eventually(async () => {
        const read = await harness.read(FROM, TO);
        expect(read.reduce((n, w) => n + w.count, 0)).toBe(done.length);
      });
      await worker.close();
    }
    const windows = await harness.read(FROM, TO);
    expect(actual(windows)).toEqual(actual(await windowsIn('ndjson').then((r) => r.windows)));
    expect(windows.length).toBe(expected.size);
    const extensions = new Set((await harness.names('windows/')).map((n) => n.split('.').pop()));
    expect([...extensions].sort()).toEqual(['csv', 'ndjson', 'parquet']);

    const stray = 'windows/2020/01/01/01/shard=0/notes.txt';
    await harness.blobs.put(stray, 'not windows');
    const read = harness.read(FROM, TO);
    await expect(read).rejects.toThrow(NonRetryableError);
    await expect(read).rejects.toThrow(stray);
  });
});
