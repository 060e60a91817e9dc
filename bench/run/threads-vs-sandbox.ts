/**
 * Threads or BullMQ sandboxed processors for the scorer's CPU-bound work, on the same jobs:
 *
 *   pnpm bench:run:threads [--jobs 48] [--k 50] [--concurrency <cores>]
 *
 * - threads: one BullMQ Worker in this process (concurrency C); each job reads and parses on
 *   the main thread and scores in a piscina pool of one thread per core (the scorer's design);
 * - sandbox: a BullMQ Worker with a processor file (concurrency C: C child processes); each job
 *   runs wholly in a child, SVM inline.
 * Prints jobs/s, the main thread's worst event-loop delay (what starves lock renewal) and the
 * peak RSS of this process plus its children. Real Redis; a queue of its own, removed after.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSvmRunner } from '@fleetscore/svm/pool';
import { Queue, Worker } from 'bullmq';
import { repo } from '../floor/sides.js';
import { runBenchJob, type SandboxJob } from './sandbox-work.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '48' },
    k: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: String(availableParallelism()) },
  },
});
const jobs = Number(args.jobs);
const k = Number(args.k);
const concurrency = Number(args.concurrency);
const connection = { url: process.env.FLEETSCORE_REDIS_URL ?? 'redis://127.0.0.1:6380' };

/** Sum of the resident sets of this process and its children now, bytes. */
async function familyRss(): Promise<number> {
  let total = 0;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    if (Number(pid) !== process.pid && ppid !== process.pid) continue;
    total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}

async function measure(mode: 'threads' | 'sandbox') {
  const name = `bench-tvs-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(name, { connection });
  const add = (count: number) =>
    queue.addBulk(
      Array.from({ length: count }, (_, i) => ({
        name: 'job',
        data: { first: i * k, count: k } satisfies SandboxJob,
      })),
    );
  const svm = mode === 'threads' ? createSvmRunner(availableParallelism()) : undefined;
  const processor =
    mode === 'threads'
      ? (job: { data: SandboxJob }) => runBenchJob(job.data, svm!)
      : join(repo, 'bench/run/sandbox-processor.ts');
  const worker = new Worker(name, processor as never, { connection, concurrency });
  let done = 0;
  let failed: Error | undefined;
  worker.on('completed', () => (done += 1));
  worker.on('failed', (_job, error) => (failed = error));
  const allDone = async (count: number) => {
    while (done < count) {
      if (failed) throw failed;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // Warm-up, not timed: one job per slot starts the piscina threads or the child processes.
  await add(concurrency);
  await allDone(concurrency);
  done = 0;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let peakRss = 0;
  const sampler = setInterval(() => {
    void familyRss().then((rss) => (peakRss = Math.max(peakRss, rss)));
  }, 250);
  const started = performance.now();
  delay.enable();
  await add(jobs);
  await allDone(jobs);
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  clearInterval(sampler);
  await worker.close();
  await svm?.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return {
    mode,
    seconds,
    jobsPerSecond: jobs / seconds,
    maxLoopDelayMs: delay.max / 1e6,
    peakRssMiB: peakRss / 2 ** 20,
  };
}

const results = [];
for (const mode of ['threads', 'sandbox'] as const) results.push(await measure(mode));
console.log(
  `${jobs} jobs × ${k} sensors × 720 rows, concurrency ${concurrency}, ${availableParallelism()} cores`,
);
for (const r of results) {
  console.log(
    `${r.mode.padEnd(8)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.jobsPerSecond.toFixed(2).padStart(6)} jobs/s  main-thread max event-loop delay ${r.maxLoopDelayMs.toFixed(0).padStart(5)} ms  peak RSS (process + children) ${r.peakRssMiB.toFixed(0)} MiB`,
  );
}
