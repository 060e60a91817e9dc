import { describe, expect, it } from 'vitest';
import type { LoadInterval } from './load.js';
import { formatRows, type SoakRow, verdict } from './report.js';
import type { Sample } from './sample.js';

const load = (latenciesMs: number[]): LoadInterval => ({
  accepted: 5_000,
  errors: 0,
  skipped: 0,
  latenciesMs,
});

function row(t: number, rss: number, queue = 0, lag = 0): SoakRow {
  const sample: Sample = {
    t,
    rssMiB: { ingest: rss },
    queue: { waiting: queue, active: 1, delayed: 0 },
    lag,
    pending: 0,
    runs: { succeeded: t / 60, failed: 0, open: 1, maxJobs: 16 },
  };
  return { sample, load: load([5, 10, 20, 200]), seconds: 10 };
}

describe('soak report', () => {
  it('prints one aligned line per sample', () => {
    const text = formatRows([row(10, 150), row(20, 151.4)], ['ingest']);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('ingest MiB');
    expect(lines[2]).toMatch(
      /^\s*20\s+500\s+0\s+0\s+10\.0\s+200\.0\s+151\s+0\/1\/0\s+0\s+0\s+0\.3+\/0\/1$/,
    );
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('calls steady memory, queue and lag bounded', () => {
    const rows = [150, 160, 158, 159, 161, 160].map((rss, i) => row(10 * (i + 1), rss, i % 2));
    const result = verdict(rows, ['ingest'], 16);
    expect(result.bounded).toBe(true);
    expect(result.lines[0]).toBe('RSS ingest: 155 → 161 MiB (+3.5 %, bound 187) bounded');
    expect(result.lines.at(-1)).toBe('verdict: bounded');
  });

  it('flags RSS growth past both bounds, a queue that keeps filling and a lag that grows', () => {
    const rows = [150, 170, 200, 230, 260, 290].map((rss, i) =>
      row(10 * (i + 1), rss, i * 20, i * 1_000),
    );
    const result = verdict(rows, ['ingest'], 16);
    expect(result.bounded).toBe(false);
    expect(result.lines[0]).toContain('GROWING');
    expect(result.lines[1]).toBe(
      'queue depth (waiting + delayed), max first / last third: 20 / 100 (bound 36) GROWING',
    );
    expect(result.lines[2]).toContain('GROWING');
    expect(result.lines[3]).toBe(
      'ingest latency over 24 requests: p50 10.0 ms, p99 200.0 ms (worst interval p99 200.0 ms)',
    );
  });
});
