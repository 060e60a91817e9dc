/**
 * The raw Redis Streams ceiling on this machine, with entries of a reading-sized payload (one
 * reading per entry) and the fields the RedisEventStream adapter writes:
 * - write: pipelined XADD of N entries, alone;
 * - read: XREADGROUP + XACK of those N entries, alone;
 * - loop: a producer (pipelined XADD) and a consumer group reader (XREADGROUP + XACK) on two
 *   connections at once — the shape of the streaming path with no HTTP, validation, windowing
 *   or blobs; its rate is N / time until the last entry was acknowledged.
 */
import type { Redis } from 'ioredis';

export interface BaselineResult {
  entries: number;
  xaddPerSecond: number;
  readPerSecond: number;
  loopPerSecond: number;
}

const GROUP = 'bench';
/** Commands per pipeline and entries per XREADGROUP: big enough to amortise round trips. */
const CHUNK = 2_000;

const body = JSON.stringify({
  batchId: 'bench/d1234',
  readings: [{ device: 'd1234', sensor: 's3', ts: '2026-01-01T00:00:04.123Z', value: 84.92 }],
});

async function write(redis: Redis, key: string, entries: number): Promise<void> {
  for (let first = 0; first < entries; first += CHUNK) {
    const pipeline = redis.pipeline();
    for (let i = first; i < Math.min(first + CHUNK, entries); i++) {
      pipeline.xadd(key, '*', 'seq', i, 'key', 'd1234', 'body', body, 'props', '{}');
    }
    await pipeline.exec();
  }
}

async function read(redis: Redis, key: string, entries: number): Promise<void> {
  let read = 0;
  while (read < entries) {
    // biome-ignore format: the command reads best on one line
    const reply = (await redis.xreadgroup('GROUP', GROUP, 'c', 'COUNT', CHUNK, 'BLOCK', 5_000, 'STREAMS', key, '>')) as [string, [string, string[]][]][] | null;
    const batch = reply?.[0]?.[1] ?? [];
    if (batch.length === 0) throw new Error(`baseline read stalled at ${read} of ${entries}`);
    await redis.xack(key, GROUP, ...batch.map(([id]) => id));
    read += batch.length;
  }
}

/** Milliseconds `run` takes on a fresh stream `key` with its group created at the start. */
async function timed(redis: Redis, key: string, run: () => Promise<unknown>): Promise<number> {
  await redis.del(key);
  await redis.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM');
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

export async function redisBaseline(redis: Redis, entries: number): Promise<BaselineResult> {
  const reader = redis.duplicate();
  try {
    const rate = (ms: number) => Math.round((entries / ms) * 1000);
    const writeMs = await timed(redis, 'bench:raw', () => write(redis, 'bench:raw', entries));
    // The write phase created the group at the stream's start: read back what it wrote.
    const t0 = performance.now();
    await read(reader, 'bench:raw', entries);
    const readMs = performance.now() - t0;
    const loopMs = await timed(redis, 'bench:loop', () =>
      Promise.all([write(redis, 'bench:loop', entries), read(reader, 'bench:loop', entries)]),
    );
    await redis.del('bench:raw', 'bench:loop');
    return {
      entries,
      xaddPerSecond: rate(writeMs),
      readPerSecond: rate(readMs),
      loopPerSecond: rate(loopMs),
    };
  } finally {
    reader.disconnect();
  }
}
