/**
 * How the blob store's read latency depends on how many blobs it holds elsewhere.
 *
 * `bench:run` finds first runs (one read per model) growing faster than the fleet on the local
 * stack. This isolates the store from Fleetscore: one container holds a single 1 KiB blob that
 * is read again and again, while a second container is filled with tiny blobs step by step.
 * A store that finds a blob by its name reads it in the same time at every step; Azurite keeps
 * all metadata in one LokiJS database whose lookups filter every blob of the account.
 *
 *   pnpm bench:azurite [--steps 0,1000,10000,30000] [--reads 200]
 *
 * Needs the local stack; uses `FLEETSCORE_STORAGE_CONNECTION_STRING` (default
 * `UseDevelopmentStorage=true`); deletes its two containers at the end.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { percentile } from './figures.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '0,1000,10000,30000' },
    reads: { type: 'string', default: '200' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('pnpm bench:azurite [--steps 0,1000,10000,30000] [--reads 200]');
  process.exit(0);
}
const steps = args.steps.split(',').map(Number);
const reads = Number(args.reads);
if (steps.some((n, i) => !Number.isInteger(n) || n < 0 || (i > 0 && n <= steps[i - 1]!))) {
  throw new Error('--steps must be increasing whole numbers, e.g. 0,1000,10000');
}
if (!Number.isInteger(reads) || reads < 1) throw new Error('--reads must be a whole number ≥ 1');

const PUTS_IN_FLIGHT = 32;

async function fill(filler: ContainerClient, from: number, to: number): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const i = next++;
      await filler.getBlockBlobClient(`b/${i}`).upload('x', 1);
    }
  };
  await Promise.all(Array.from({ length: PUTS_IN_FLIGHT }, lane));
}

async function readTimes(probe: ContainerClient): Promise<number[]> {
  const blob = probe.getBlobClient('probe');
  const times: number[] = [];
  for (let i = 0; i < reads; i++) {
    const start = performance.now();
    await blob.downloadToBuffer();
    times.push(performance.now() - start);
  }
  return times;
}

const connectionString =
  process.env.FLEETSCORE_STORAGE_CONNECTION_STRING ?? 'UseDevelopmentStorage=true';
const service = BlobServiceClient.fromConnectionString(connectionString);
const id = randomBytes(4).toString('hex');
const probe = service.getContainerClient(`bench-lookup-probe-${id}`);
const filler = service.getContainerClient(`bench-lookup-fill-${id}`);
await probe.create();
await filler.create();
try {
  await probe.getBlockBlobClient('probe').upload(Buffer.alloc(1024, 1), 1024);
  console.log(
    `reading one 1 KiB blob ${reads} times after each step (other containers of the store not counted)`,
  );
  console.log('blobs in the other container   read p50 ms   p90 ms   fill blobs/s');
  let held = 0;
  let first: number | undefined;
  for (const target of steps) {
    const fillStart = performance.now();
    await fill(filler, held, target);
    const rate =
      target > held ? ((target - held) / (performance.now() - fillStart)) * 1000 : undefined;
    held = target;
    const times = await readTimes(probe);
    const p50 = percentile(times, 50);
    first ??= p50;
    console.log(
      `${String(held).padStart(30)}   ${p50.toFixed(2).padStart(11)}   ${percentile(times, 90).toFixed(2).padStart(6)}` +
        `   ${rate === undefined ? '–'.padStart(12) : rate.toFixed(0).padStart(12)}   (p50 ${(p50 / first).toFixed(1)} × the first step's)`,
    );
  }
} finally {
  await Promise.allSettled([probe.delete(), filler.delete()]);
}
