// Integration-test harness: a unique Redis stream and Azurite container, aggregators built from
// the real adapters, and readers over what they wrote. Not part of the service.
import { type BlobStore, createLogger, type Reading, type WindowRecord } from '@fleetscore/shared';
import { AzureBlobStore, createContainerClient } from '@fleetscore/shared/azure';
import { RedisEventStream } from '@fleetscore/shared/local';
import { firstStreamSeq, testStack, uniqueName } from '@fleetscore/shared/testing';
import { decodeWindowBlob, readWindows, windowEnd } from '@fleetscore/shared/windows';
import { type Aggregator, type AggregatorOptions, createAggregator } from './app.js';

const { redisUrl, storageConnectionString: connectionString } = testStack();
export const SHARDS = 4;
const log = createLogger({
  service: 'aggregator-test',
  level: process.env.AGGREGATOR_TEST_LOG === '1' ? 'debug' : 'silent',
});

export interface Worker {
  aggregator: Aggregator;
  /** A dead process: no flush, no checkpoint; its partitions go back to the group at once. */
  crash(): Promise<void>;
  close(): Promise<void>;
}

export async function aggregatorHarness(partitionCount = 4) {
  const name = uniqueName('agg');
  const container = uniqueName('agg');
  const blobs: BlobStore = await AzureBlobStore.connect({ connectionString, container });
  const open = () =>
    new RedisEventStream(redisUrl, {
      name,
      partitionCount,
      leaseMs: 900,
      retryBackoffMs: 50,
      maxRetryBackoffMs: 200,
    });
  const publisher = open();
  const workers: Worker[] = [];

  return {
    blobs,
    /**
     * The `n`-th sequence number (0-based) of partition 0: counters start at the Redis server's
     * clock, not 0 (see the stream's publish script).
     */
    async seq(n: number): Promise<number> {
      const first = await firstStreamSeq(redisUrl, name, '0');
      if (first === undefined) throw new Error('partition 0 has no event yet');
      return first + n;
    },
    /**
     * Publishes readings in the given order (the watermark is per partition, so order across
     * devices matters): each run of one device's consecutive readings, up to `perEvent`, is
     * one stream event.
     */
    async publish(readings: readonly Reading[], perEvent = 10) {
      const runs: Reading[][] = [];
      for (const r of readings) {
        const last = runs.at(-1);
        if (last && last[0]?.device === r.device && last.length < perEvent) last.push(r);
        else runs.push([r]);
      }
      const events = runs.map((run) => ({
        partitionKey: run[0]!.device,
        body: { batchId: uniqueName('b'), readings: run },
      }));
      await publisher.publish(events);
    },
    async publishRaw(partitionKey: string, body: unknown) {
      await publisher.publish([{ partitionKey, body }]);
    },
    /**
     * Starts an aggregator on its own stream connection, with short test timings. `storage`
     * replaces the blob store it writes through (e.g. one that fails for a while).
     */
    start(options: AggregatorOptions = {}, storage: BlobStore = blobs): Worker {
      const stream = open();
      const aggregator = createAggregator(
        { stream, blobs: storage, log },
        { shards: SHARDS, flushMs: 200, tickMs: 50, subscribe: { maxWaitTimeMs: 50 }, ...options },
      );
      aggregator.start();
      const worker: Worker = {
        aggregator,
        crash: async () => {
          aggregator.abandon();
          await stream.close();
        },
        close: async () => {
          await aggregator.close();
          await stream.close();
        },
      };
      workers.push(worker);
      return worker;
    },
    /** De-duplicated windows, as the scorer reads them. */
    read: (from: string, to: string) =>
      readWindows(blobs, {
        from: new Date(from),
        to: new Date(to),
        shards: Array.from({ length: SHARDS }, (_, s) => s),
      }),
    /** Every window of every window blob (any format), duplicates included. */
    async rawWindows(): Promise<{ names: string[]; windows: WindowRecord[] }> {
      const names: string[] = [];
      const windows: WindowRecord[] = [];
      for await (const item of blobs.list('windows/')) {
        names.push(item.name);
        const blob = await blobs.get(item.name);
        if (blob) windows.push(...(await decodeWindowBlob(item.name, blob.body)));
      }
      return { names, windows };
    },
    async names(prefix: string): Promise<string[]> {
      const names: string[] = [];
      for await (const item of blobs.list(prefix)) names.push(item.name);
      return names;
    },
    async cleanup() {
      await Promise.allSettled(workers.map((w) => w.close()));
      await publisher.close();
      await createContainerClient({ connectionString, container }).deleteIfExists();
    },
  };
}

/** The expected windows (count and avg) of readings, each placed by its own event time. */
export function expectedWindows(readings: readonly Reading[], windowMs = 5000) {
  const out = new Map<string, { count: number; sum: number }>();
  for (const r of readings) {
    const end = new Date(windowEnd(Date.parse(r.ts), windowMs)).toISOString();
    const key = `${r.device}/${r.sensor}/${end}`;
    const acc = out.get(key) ?? { count: 0, sum: 0 };
    acc.count += 1;
    acc.sum += r.value;
    out.set(key, acc);
  }
  return new Map([...out].map(([k, v]) => [k, { count: v.count, avg: v.sum / v.count }]));
}

export const actual = (windows: readonly WindowRecord[]) =>
  new Map(
    windows.map((w) => [`${w.device}/${w.sensor}/${w.end}`, { count: w.count, avg: w.values.avg }]),
  );

/** Polls `check` until it stops throwing or the deadline passes (then rethrows its error). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Readings of `devices` × `sensors`, one per `stepMs` from `from`, integer values (exact sums). */
export function readings(
  devices: number,
  sensors: number,
  from: string,
  count: number,
  stepMs: number,
) {
  const start = Date.parse(from);
  const out: Reading[] = [];
  for (let i = 0; i < count; i += 1)
    for (let d = 0; d < devices; d += 1)
      for (let s = 0; s < sensors; s += 1)
        out.push({
          device: `dev-${d}`,
          sensor: `s${s}`,
          ts: new Date(start + i * stepMs).toISOString(),
          value: (i * 7 + d * 3 + s) % 11,
        });
  return out;
}
