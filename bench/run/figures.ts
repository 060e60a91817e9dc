/**
 * Pure arithmetic and formatting of `pnpm bench:run`'s figures: percentiles, the issue's
 * targets judged PASS/MISS, the linearity of run time in fleet size, and the printed table.
 */
import { type BlobCounts, totalOf } from './blob-requests.js';
import type { MemoryPeaks } from './memory-peaks.js';

/** One run at one K. `completed` false: the run did not reach `succeeded` within the budget. */
export interface RunFigures {
  k: number;
  /**
   * `steady`: the same plan run again by fresh scorers, with the model packs the first run
   * wrote (an hourly run of a fleet whose models did not change since the previous hour, its
   * scorers scaled from zero); `warm`: once more on the steady run's scorers, kept running with
   * caches that hold the fleet (scorers that stay up between hourly runs): the last of up to
   * four such runs, which stop at the first that reads no model.
   */
  label?: 'steady' | 'warm';
  sensors: number;
  completed: boolean;
  wallSeconds: number;
  rows: number;
  jobs: number;
  jobsEnded: number;
  jobDurationsMs: number[];
  shards: number;
  /** Blob requests of the bench process (planning, reconciling) and of every scorer. */
  inProcess: BlobCounts;
  scorers: BlobCounts;
  peakRssBytes: number[];
  /** Per scorer, the peak of each part of its memory over the run. */
  memory?: MemoryPeaks[];
  /** Jobs delivered more than once (a failed attempt, or a lock lost), with the last error. */
  redelivered?: { index: number; attempts: number; error?: string }[];
}

/** The redelivered jobs of a run, one line; undefined when every job ran once. */
export function redeliveryLine(f: RunFigures): string | undefined {
  const jobs = f.redelivered ?? [];
  if (jobs.length === 0) return undefined;
  const each = jobs.map(
    (j) =>
      `job ${j.index} × ${j.attempts} (${j.error ?? 'no error recorded: a lock or a completion lost'})`,
  );
  return `jobs delivered more than once: ${each.join('; ')}`;
}

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Requests that are not the run's: a scorer's start-up container check and the readiness
 * probes the bench polls before the trigger (`/readyz` checks the blob store).
 */
export const isRunRequest = (key: string) => key !== 'container' && !key.endsWith(' healthz');

/** Blob requests of the run, every process. */
export const blobOps = (f: RunFigures) =>
  totalOf(f.inProcess, isRunRequest) + totalOf(f.scorers, isRunRequest);

/** Model reads and writes: `get models` per entity not in a cache or a pack, and the packs. */
const MODEL_READS = ['get models', 'get model-packs'];
const MODEL_KEYS = [...MODEL_READS, 'put model-packs'];

/** Requests of these kinds in one process's counts. */
const countOf = (counts: BlobCounts, keys: readonly string[]) =>
  keys.reduce((sum, key) => sum + (counts[key] ?? 0), 0);

/** Requests of these kinds, every process. */
const requestsOf = (f: RunFigures, keys: readonly string[]) =>
  countOf(f.inProcess, keys) + countOf(f.scorers, keys);

/** Model reads of the run (single models and packs), every process. */
export const modelReads = (f: RunFigures) => requestsOf(f, MODEL_READS);

/** Model loads and model packs, read or written, every process. */
export const modelBlobOps = (f: RunFigures) => requestsOf(f, MODEL_KEYS);

/**
 * The jobs' requests: the scorers' own without model loads and packs — each job's shard
 * windows read, its predictions and its log written. What the issue's bound counts (see
 * `verdicts`).
 */
export const jobDataBlobOps = (f: RunFigures) =>
  totalOf(f.scorers, isRunRequest) - countOf(f.scorers, MODEL_KEYS);

/** The run's own requests (the planner's listing and plan, the reconciler's report). */
export const runLevelBlobOps = (f: RunFigures) =>
  totalOf(f.inProcess, isRunRequest) - countOf(f.inProcess, MODEL_KEYS);

/** The issue's bound on blob operations per run: 2 × jobs + shards. */
export const blobOpsBound = (f: RunFigures) => 2 * f.jobs + f.shards;

/** A run's blob requests beside its bound, for the growth lines. */
export const growthOps = (r: RunFigures) =>
  `${blobOps(r)} blob ops (jobs' ${jobDataBlobOps(r)}, bound ${blobOpsBound(r)})`;

/** The fastest completed run (the "best K"), or undefined when none completed. */
export function bestRun(runs: readonly RunFigures[]): RunFigures | undefined {
  return runs
    .filter((r) => r.completed)
    .reduce<RunFigures | undefined>(
      (best, r) => (best && best.wallSeconds <= r.wallSeconds ? best : r),
      undefined,
    );
}

/** A target judged PASS or MISS; `pass` undefined: a figure printed for information. */
export interface Verdict {
  target: string;
  measured: string;
  pass?: boolean;
}

const MIB = 2 ** 20;

/**
 * The issue's targets, judged on the best K; blob operations on each repeat of it (steady,
 * warm) when there are any (the first run after a model change also reads every model once and
 * writes the packs — printed in the table, not judged); RSS on the best K and its steady run,
 * whose scorers stream models through the default LRU.
 *
 * The blob bound (2 × jobs + shards) is judged on the jobs' requests: each job's two writes
 * (predictions, log) and its shard's windows read. The rest of a run's requests are printed
 * beside it, not judged (docs/scorer.md, "Blob operations per run"): model reads, which no
 * bound of this form can include (a scorer scaled from zero must read the models of its job,
 * and the issue has them read from Blob through the LRU), and the run's own three — listing,
 * plan, report — which stay three whatever the fleet size.
 *
 * With `pythonSeconds` (the Python loop on the floor's files, issue 25), two more: the best K's
 * first run within 1 × the loop, and each steady run within 0.5 ×.
 */
export function verdicts(
  best: RunFigures,
  floorSeconds: number,
  repeats: readonly RunFigures[] = [],
  pythonSeconds?: number,
): Verdict[] {
  const ratio = best.wallSeconds / floorSeconds;
  // Warm scorers hold the whole fleet's models by choice: their RSS is not judged.
  const streamed = [best, ...repeats.filter((r) => r.label !== 'warm')];
  const rss = Math.max(...streamed.flatMap((r) => r.peakRssBytes));
  const judged = repeats.length > 0 ? repeats : [best];
  const which = (r: RunFigures) => `K = ${r.k}${r.label ? `, ${r.label}` : ''}`;
  const warm = repeats.filter((r) => r.label === 'warm');
  return [
    {
      target: 'run ≤ 3 × floor (best K)',
      measured: `${ratio.toFixed(2)} × (K = ${best.k})`,
      pass: ratio <= 3,
    },
    ...(pythonSeconds === undefined ? [] : pythonVerdicts(best, repeats, pythonSeconds)),
    ...judged.flatMap((r) => [
      {
        target: `jobs' blob ops ≤ 2 × jobs + shards (${which(r)})`,
        measured: `${jobDataBlobOps(r)} vs ${blobOpsBound(r)} (windows read, predictions and logs written)`,
        pass: jobDataBlobOps(r) <= blobOpsBound(r),
      },
      {
        target: `blob ops of the whole run (${which(r)})`,
        measured: `${blobOps(r)} = jobs' ${jobDataBlobOps(r)} + models ${modelBlobOps(r)} + the run's ${runLevelBlobOps(r)} (listing, plan, report)`,
      },
    ]),
    {
      target: 'worker RSS ≤ 512 MiB',
      measured: `${(rss / MIB).toFixed(0)} MiB peak`,
      pass: rss <= 512 * MIB,
    },
    ...warm.map((r) => ({
      target: 'worker RSS, whole fleet cached (warm)',
      measured: `${(Math.max(...r.peakRssBytes) / MIB).toFixed(0)} MiB peak`,
    })),
  ];
}

/** Issue 25's targets against the Python loop: first run ≤ 1 ×, steady runs ≤ 0.5 ×. */
function pythonVerdicts(
  best: RunFigures,
  repeats: readonly RunFigures[],
  pythonSeconds: number,
): Verdict[] {
  const against = (r: RunFigures, bound: number, target: string): Verdict => {
    const ratio = r.wallSeconds / pythonSeconds;
    return {
      target,
      measured: `${ratio.toFixed(2)} × (K = ${r.k})`,
      pass: r.completed && ratio <= bound,
    };
  };
  return [
    against(best, 1, 'first ≤ 1 × Python loop (best K)'),
    ...repeats
      .filter((r) => r.label === 'steady')
      .map((r) => against(r, 0.5, 'steady ≤ 0.5 × Python loop')),
  ];
}

/** `PASS`, `MISS`, or `info` for a figure not judged. */
export const verdictWord = (v: Verdict) =>
  v.pass === undefined ? 'info' : v.pass ? 'PASS' : 'MISS';

/**
 * How run time grows with the fleet: seconds per 1,000 sensors at each size, and the largest
 * size's per-sensor time over the smallest's (1.00 = linear; above 1 = worse than linear).
 */
export function growth<P extends { sensors: number; seconds: number }>(points: readonly P[]) {
  const per1k = points.map((p) => ({ ...p, per1k: (p.seconds / p.sensors) * 1000 }));
  const first = per1k[0];
  const last = per1k[per1k.length - 1];
  const ratio = first && last ? last.per1k / first.per1k : Number.NaN;
  return { points: per1k, ratio };
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)}`;

/** One table line per K; with `pythonSeconds`, a column of ratios to the Python loop. */
export function runLines(
  runs: readonly RunFigures[],
  floorSeconds: number,
  pythonSeconds?: number,
): string[] {
  const withPython = pythonSeconds !== undefined;
  const ratio = (r: RunFigures, to: number) =>
    r.completed ? (r.wallSeconds / to).toFixed(2) : '-';
  const head = [
    'K',
    'jobs',
    'wall s',
    '× floor',
    ...(withPython ? ['× python'] : []),
    'rows/s',
    'jobs/s',
    'p50 ms',
    'p99 ms',
    'blob ops',
    'bound',
    'RSS MiB/worker',
  ];
  const rows = runs.map((r) => {
    const wall = r.completed
      ? r.wallSeconds.toFixed(1)
      : `>${r.wallSeconds.toFixed(0)} (${r.jobsEnded}/${r.jobs} jobs)`;
    return [
      r.label === undefined ? String(r.k) : `${r.k} ${r.label}`,
      String(r.jobs),
      wall,
      ratio(r, floorSeconds),
      ...(withPython ? [ratio(r, pythonSeconds)] : []),
      r.completed ? String(Math.round(r.rows / r.wallSeconds)) : '-',
      (r.jobsEnded / r.wallSeconds).toFixed(2),
      String(Math.round(percentile(r.jobDurationsMs, 50))),
      String(Math.round(percentile(r.jobDurationsMs, 99))),
      String(blobOps(r)),
      String(blobOpsBound(r)),
      r.peakRssBytes.map(mib).join(' '),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((cells) => cells.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

/** Blob requests by kind and folder, summed over the in-process part and the scorers. */
export function countLines(r: RunFigures): string[] {
  const keys = [...new Set([...Object.keys(r.inProcess), ...Object.keys(r.scorers)])].sort();
  return keys.map(
    (key) =>
      `  ${isRunRequest(key) ? ' ' : '*'} ${key.padEnd(20)} scheduler ${String(r.inProcess[key] ?? 0).padStart(7)}   scorers ${String(r.scorers[key] ?? 0).padStart(7)}`,
  );
}
