/**
 * One sample of the soak's deployment: each service's resident memory (`VmRSS` of
 * /proc/<pid>/status), the job queue's depth, the aggregator's lag on the readings stream
 * (entries not yet read, plus read but not yet checkpointed), and the runs so far by state.
 */
import { readFile } from 'node:fs/promises';
import type { JobQueue } from '@fleetscore/shared';
import { allRuns, type TableLedger } from '@fleetscore/shared/ledger';
import type { Redis } from 'ioredis';

export interface Sample {
  /** Seconds since the load started. */
  t: number;
  /** MiB by service name. */
  rssMiB: Record<string, number>;
  queue: { waiting: number; active: number; delayed: number };
  /** Stream entries the aggregator has not read / has read but not checkpointed. */
  lag: number;
  pending: number;
  runs: RunCounts;
}

export interface RunCounts {
  succeeded: number;
  failed: number;
  open: number;
  /** The largest fan-out of a run so far. */
  maxJobs: number;
}

/** VmRSS of a live process, MiB; NaN when it has exited. */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) / 1024;
}

/** Lag and pending of the consumer `group` over the stream's partitions (XINFO GROUPS). */
export async function streamLag(
  redis: Redis,
  stream: string,
  partitions: number,
  group: string,
): Promise<{ lag: number; pending: number }> {
  let lag = 0;
  let pending = 0;
  for (let p = 0; p < partitions; p += 1) {
    const groups = (await redis.xinfo('GROUPS', `fs:stream:${stream}:${p}`).catch(() => [])) as
      | unknown[][]
      | [];
    for (const fields of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
      if (info.get('name') !== group) continue;
      lag += Number(info.get('lag') ?? 0);
      pending += Number(info.get('pending') ?? 0);
    }
  }
  return { lag, pending };
}

/** Runs of the session whose window started in `[from, to)`, by outcome. */
export async function runCounts(ledger: TableLedger, from: Date, to: Date): Promise<RunCounts> {
  const counts = { succeeded: 0, failed: 0, open: 0, maxJobs: 0 };
  for await (const run of allRuns(ledger, { from, to })) {
    counts.maxJobs = Math.max(counts.maxJobs, run.jobCount);
    if (run.state === 'succeeded') counts.succeeded += 1;
    else if (['failed', 'partial', 'cancelled'].includes(run.state)) counts.failed += 1;
    else counts.open += 1;
  }
  return counts;
}

export interface SampleSources {
  pids: Record<string, number>;
  queue: Pick<JobQueue<unknown>, 'depth'>;
  redis: Redis;
  stream: string;
  partitions: number;
  ledger: TableLedger;
  startedAt: number;
}

export async function takeSample(s: SampleSources): Promise<Sample> {
  const names = Object.keys(s.pids);
  const rss = await Promise.all(names.map((name) => rssMiB(s.pids[name] as number)));
  const [depth, stream, runs] = await Promise.all([
    s.queue.depth(),
    streamLag(s.redis, s.stream, s.partitions, 'aggregator'),
    runCounts(s.ledger, new Date(s.startedAt - 3_600_000), new Date(Date.now() + 3_600_000)),
  ]);
  return {
    t: (Date.now() - s.startedAt) / 1000,
    rssMiB: Object.fromEntries(names.map((name, i) => [name, rss[i] as number])),
    queue: {
      waiting: depth.waiting + depth.prioritized,
      active: depth.active,
      delayed: depth.delayed,
    },
    lag: stream.lag,
    pending: stream.pending,
    runs,
  };
}
