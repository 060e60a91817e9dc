/**
 * The soak's printout, pure: one line per sample (load of the interval, memory, queue, stream,
 * runs) and the verdict — RSS growth between the first and last third of the samples, the
 * queue and the stream lag in the last third against the first, ingest p99 overall.
 */
import { percentile } from '../run/figures.js';
import type { LoadInterval } from './load.js';
import type { Sample } from './sample.js';

export interface SoakRow {
  sample: Sample;
  load: LoadInterval;
  /** Seconds the interval lasted. */
  seconds: number;
}

/**
 * Bounds of the verdict: a service's mean RSS over the last third of the samples may exceed
 * its mean over the first third by at most `rssGrowth` (fraction) or `rssSlackMiB`, whichever
 * is larger (a heap that settles after warm-up is not growth); the last third's largest queue
 * (waiting + delayed) and stream lag may not exceed the first third's by more than a
 * run's jobs / `lagSlack` entries.
 */
export const BOUNDS = { rssGrowth: 0.2, rssSlackMiB: 32, lagSlack: 1_000 };

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function formatRows(rows: readonly SoakRow[], services: readonly string[]): string {
  const header = [
    't s',
    'readings/s',
    'skipped',
    'errors',
    'p50 ms',
    'p99 ms',
    ...services.map((s) => `${s} MiB`),
    'queue w/a/d',
    'lag',
    'pending',
    'runs ok/failed/open',
  ];
  const lines = rows.map(({ sample, load, seconds }) => [
    fixed(sample.t),
    fixed(load.accepted / seconds),
    String(load.skipped),
    String(load.errors),
    fixed(percentile(load.latenciesMs, 50), 1),
    fixed(percentile(load.latenciesMs, 99), 1),
    ...services.map((s) => fixed(sample.rssMiB[s] ?? Number.NaN)),
    `${sample.queue.waiting}/${sample.queue.active}/${sample.queue.delayed}`,
    String(sample.lag),
    String(sample.pending),
    `${sample.runs.succeeded}/${sample.runs.failed}/${sample.runs.open}`,
  ]);
  const table = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...table.map((line) => (line[c] ?? '').length)));
  return table
    .map((line) => line.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  '))
    .join('\n');
}

export interface Verdict {
  lines: string[];
  /** Every bound held. */
  bounded: boolean;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** `jobsPerRun`: the slack of the queue bound (one run's fan-out). */
export function verdict(
  rows: readonly SoakRow[],
  services: readonly string[],
  jobsPerRun: number,
): Verdict {
  const third = Math.max(1, Math.floor(rows.length / 3));
  const first = rows.slice(0, third).map((r) => r.sample);
  const last = rows.slice(-third).map((r) => r.sample);
  const lines: string[] = [];
  let bounded = true;
  for (const name of services) {
    const before = mean(first.map((s) => s.rssMiB[name] ?? Number.NaN));
    const after = mean(last.map((s) => s.rssMiB[name] ?? Number.NaN));
    const limit = Math.max(before * (1 + BOUNDS.rssGrowth), before + BOUNDS.rssSlackMiB);
    const ok = after <= limit;
    bounded &&= ok;
    const growth = ((after - before) / before) * 100;
    lines.push(
      `RSS ${name}: ${fixed(before)} → ${fixed(after)} MiB (${growth >= 0 ? '+' : ''}${fixed(growth, 1)} %, bound ${fixed(limit)}) ${ok ? 'bounded' : 'GROWING'}`,
    );
  }
  const depth = (s: Sample) => s.queue.waiting + s.queue.delayed;
  const queueBefore = Math.max(...first.map(depth));
  const queueAfter = Math.max(...last.map(depth));
  const queueOk = queueAfter <= queueBefore + jobsPerRun;
  bounded &&= queueOk;
  lines.push(
    `queue depth (waiting + delayed), max first / last third: ${queueBefore} / ${queueAfter} (bound ${queueBefore + jobsPerRun}) ${queueOk ? 'bounded' : 'GROWING'}`,
  );
  const lagBefore = Math.max(...first.map((s) => s.lag + s.pending));
  const lagAfter = Math.max(...last.map((s) => s.lag + s.pending));
  const lagOk = lagAfter <= lagBefore + BOUNDS.lagSlack;
  bounded &&= lagOk;
  lines.push(
    `stream lag + pending, max first / last third: ${lagBefore} / ${lagAfter} (bound ${lagBefore + BOUNDS.lagSlack}) ${lagOk ? 'bounded' : 'GROWING'}`,
  );
  const all = rows.flatMap((r) => r.load.latenciesMs);
  const worst = Math.max(
    ...rows.map((r) => percentile(r.load.latenciesMs, 99)).filter(Number.isFinite),
  );
  lines.push(
    `ingest latency over ${all.length} requests: p50 ${fixed(percentile(all, 50), 1)} ms, p99 ${fixed(percentile(all, 99), 1)} ms (worst interval p99 ${fixed(worst, 1)} ms)`,
  );
  const end = rows.at(-1)?.sample.runs;
  const skipped = rows.reduce((n, r) => n + r.load.skipped, 0);
  const errors = rows.reduce((n, r) => n + r.load.errors, 0);
  lines.push(
    `runs succeeded / failed / open: ${end?.succeeded ?? 0} / ${end?.failed ?? 0} / ${end?.open ?? 0}; readings skipped ${skipped}, failed requests ${errors}`,
  );
  lines.push(`verdict: ${bounded ? 'bounded' : 'NOT bounded'}`);
  return { lines, bounded };
}
