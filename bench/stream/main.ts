/**
 * The streaming path's throughput on the local stack: HTTP ingest → Redis stream → aggregator
 * → window blobs in Azurite, against a raw XADD + XREADGROUP loop on the same Redis in the same
 * run, plus the windowing engine's heap per 10,000 open windows.
 *
 *   pnpm bench:stream [--readings 1000000] [--devices 10000] [--sensors 5]
 *                     [--concurrency 4] [--baseline 500000]
 *
 * A benchmark, not a test: nothing is asserted. It owns Redis DB 9 (FLUSHDB before and after)
 * and a fresh `bench-…` container it deletes at the end. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { BlobServiceClient } from '@azure/storage-blob';
import { HOUR_MS } from '@fleetscore/shared';
import { openBlobStore } from '@fleetscore/shared/adapters';
import { Redis } from 'ioredis';
import { waitForDrain } from './drain.js';
import { expectedWindows, type ReadingPlan, readingBodies } from './readings.js';
import { redisBaseline } from './redis-baseline.js';
import { sendAll } from './send.js';
import { startServices } from './services.js';
import { countWindows } from './window-blobs.js';
import { windowMemory } from './window-memory-run.js';

const { values: args } = parseArgs({
  options: {
    readings: { type: 'string', default: '1000000' },
    devices: { type: 'string', default: '10000' },
    sensors: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '4' },
    baseline: { type: 'string', default: '500000' },
  },
});
const int = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const PARTITIONS = 4;
const redisUrl = new URL(process.env.FLEETSCORE_REDIS_URL ?? 'redis://127.0.0.1:6380');
redisUrl.pathname = '/9'; // the bench's own database
const connectionString =
  process.env.FLEETSCORE_STORAGE_CONNECTION_STRING ?? 'UseDevelopmentStorage=true';
const container = `bench-${randomBytes(4).toString('hex')}`;
const plan: ReadingPlan = {
  readings: int('readings', args.readings),
  devices: int('devices', args.devices),
  sensors: int('sensors', args.sensors),
  batchSize: 5_000,
  // The hour before this one: event time is not wall time.
  startMs: (Math.floor(Date.now() / HOUR_MS) - 1) * HOUR_MS,
  tickMs: 1_000,
  windowMs: 5_000,
};

const memory = await windowMemory(100_000);
const redis = new Redis(redisUrl.toString(), { lazyConnect: true });
await redis.connect();
await redis.flushdb();
const baseline = await redisBaseline(redis, int('baseline', args.baseline));
const bodies = readingBodies(plan);

const services = await startServices({
  FLEETSCORE_BACKEND: 'local',
  FLEETSCORE_REDIS_URL: redisUrl.toString(),
  FLEETSCORE_STREAM_PARTITIONS: String(PARTITIONS),
  FLEETSCORE_STORAGE_CONNECTION_STRING: connectionString,
  FLEETSCORE_BLOB_CONTAINER: container,
  FLEETSCORE_LOG_LEVEL: 'warn',
  FLEETSCORE_OTEL_EXPORTER: 'none',
  FLEETSCORE_WINDOW_SECONDS: String(plan.windowMs / 1000),
  // The last windows close by wall time once intake stops: keep that tail short.
  FLEETSCORE_IDLE_TIMEOUT_SECONDS: '1',
  FLEETSCORE_FLUSH_SECONDS: '2',
});
let result: Record<string, string | number> = {};
try {
  const t0 = performance.now();
  const { retries } = await sendAll(
    services.ingestUrl,
    bodies,
    int('concurrency', args.concurrency),
  );
  const acceptedAt = performance.now();
  const drain = await waitForDrain(redis, {
    partitions: PARTITIONS,
    group: 'aggregator',
    timeoutMs: 300_000,
  });
  const windows = await countWindows(
    await openBlobStore({ connectionString, container, tablePrefix: 'bench' }),
  );
  const rate = (at: number) => Math.round((plan.readings / (at - t0)) * 1000);
  const consumed = rate(drain.consumedAt);
  const drained = rate(drain.drainedAt);
  const ratio = (n: number) => (n / baseline.loopPerSecond).toFixed(2);
  result = {
    machine: `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`,
    workload: `${plan.readings} readings = ${plan.devices} devices × ${plan.sensors} sensors × 1 s ticks, POSTs of ${plan.batchSize}, ${args.concurrency} in flight`,
    'baseline XADD entries/s (pipelined)': baseline.xaddPerSecond,
    'baseline XREADGROUP+XACK entries/s': baseline.readPerSecond,
    'baseline XADD+XREADGROUP loop entries/s (both at once)': baseline.loopPerSecond,
    'ingest accepted readings/s (to the last 202)': rate(acceptedAt),
    'end-to-end readings/s, consumed (lag 0)': consumed,
    'end-to-end readings/s, checkpointed (pending 0, windows durable)': drained,
    'ratio end-to-end ÷ baseline loop (consumed / checkpointed)': `${ratio(consumed)} / ${ratio(drained)}`,
    'tail: last entry read → last checkpoint, s': (
      (drain.drainedAt - drain.consumedAt) /
      1000
    ).toFixed(1),
    'stream entries (one per device per request)': drain.entries,
    '503 retries': retries,
    'windows expected (distinct device, sensor, window)': expectedWindows(plan),
    'windows written (NDJSON lines / distinct)': `${windows.lines} / ${windows.distinct}`,
    'window blobs written': windows.blobs,
    'engine heap per 10,000 open windows': `${(memory.bytesPer10k / 1024 / 1024).toFixed(2)} MiB (${memory.windows} windows measured)`,
  };
} finally {
  await services.stop();
  await redis.flushdb();
  redis.disconnect();
  await BlobServiceClient.fromConnectionString(connectionString)
    .getContainerClient(container)
    .deleteIfExists();
}
const width = Math.max(...Object.keys(result).map((k) => k.length));
for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(width)}  ${value}`);
