import type { JobBody } from '@fleetscore/shared';

export interface GanttBar {
  lane: number;
  job: number;
  state: string;
  /** ms since epoch. */
  start: number;
  end: number;
  /** Still running: `end` is "now". */
  open: boolean;
}

export interface GanttLayout {
  /** Worker ids, one lane each, in order of their first job. */
  lanes: string[];
  bars: GanttBar[];
  start: number;
  end: number;
}

/**
 * Jobs over time by worker. Jobs never started (queued) have no bar; a running job's bar ends
 * at `now`. A job retried on another worker shows under the worker of its last attempt (the
 * ledger keeps only that one). Pure.
 */
export function ganttLayout(jobs: readonly JobBody[], now: number): GanttLayout {
  const lanes: string[] = [];
  const bars: GanttBar[] = [];
  const started = jobs
    .filter((job) => job.startedAt !== undefined)
    .sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!) || a.index - b.index);
  for (const job of started) {
    const worker = job.workerId ?? 'unknown';
    let lane = lanes.indexOf(worker);
    if (lane < 0) lane = lanes.push(worker) - 1;
    const start = Date.parse(job.startedAt!);
    const open = job.endedAt === undefined;
    const end = open ? Math.max(start, now) : Math.max(start, Date.parse(job.endedAt!));
    bars.push({ lane, job: job.index, state: job.state, start, end, open });
  }
  const start = Math.min(...bars.map((bar) => bar.start));
  const end = Math.max(...bars.map((bar) => bar.end));
  return bars.length === 0 ? { lanes, bars, start: now, end: now } : { lanes, bars, start, end };
}
