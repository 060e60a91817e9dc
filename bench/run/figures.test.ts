import { describe, expect, it } from 'vitest';
import { addCounts, classifyRequest } from './blob-requests.js';
import {
  bestRun,
  blobOps,
  growth,
  jobDataBlobOps,
  percentile,
  type RunFigures,
  redeliveryLine,
  verdicts,
} from './figures.js';

const run = (over: Partial<RunFigures>): RunFigures => ({
  k: 10,
  sensors: 100,
  completed: true,
  wallSeconds: 10,
  rows: 72_000,
  jobs: 10,
  jobsEnded: 10,
  jobDurationsMs: [],
  shards: 4,
  inProcess: {},
  scorers: {},
  peakRssBytes: [100 * 2 ** 20],
  ...over,
});

describe('bench:run figures', () => {
  it('percentile is nearest-rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('the best run is the fastest completed one', () => {
    const runs = [
      run({ k: 1, wallSeconds: 5, completed: false }),
      run({ k: 10, wallSeconds: 9 }),
      run({ k: 100, wallSeconds: 8 }),
    ];
    expect(bestRun(runs)?.k).toBe(100);
    expect(bestRun([run({ completed: false })])).toBeUndefined();
  });

  it('judges the targets on both sides of each bound', () => {
    const ok = run({
      wallSeconds: 30,
      inProcess: { 'put runs': 2 },
      scorers: { 'get windows': 20 },
    });
    expect(blobOps(ok)).toBe(22);
    expect(verdicts(ok, 10).map((v) => v.pass)).toEqual([true, true, true]);
    const bad = run({
      wallSeconds: 31,
      scorers: { 'get models': 25 },
      peakRssBytes: [513 * 2 ** 20],
    });
    expect(verdicts(bad, 10).map((v) => v.pass)).toEqual([false, false, false]);
  });

  it('judges blob operations on each repeat, RSS on all but the warm one', () => {
    const best = run({ wallSeconds: 30, scorers: { 'get models': 100 } });
    const steady = run({ label: 'steady', scorers: { 'get model-packs': 10, 'put logs': 20 } });
    const warm = run({ label: 'warm', scorers: { 'put logs': 20 }, peakRssBytes: [600 * 2 ** 20] });
    const judged = verdicts(best, 10, [steady, warm]);
    expect(judged.map((v) => [v.target, v.pass])).toEqual([
      ['run ≤ 3 × floor (best K)', true],
      ['blob ops ≤ 2 × jobs + shards (K = 10, steady)', false],
      ['blob ops ≤ 2 × jobs + shards (K = 10, warm)', true],
      ['worker RSS ≤ 512 MiB', true],
    ]);
    // The run's own requests (listing, plan, report) and model reads set apart.
    const warmAll = run({
      label: 'warm',
      inProcess: { 'list windows': 1, 'put runs': 2 },
      scorers: { 'get windows': 4, 'put logs': 4, 'put predictions': 4, 'get model-packs': 1 },
    });
    expect(blobOps(warmAll)).toBe(16);
    expect(jobDataBlobOps(warmAll)).toBe(12);
    expect(verdicts(best, 10, [warmAll])[1]?.measured).toBe(
      "16 vs 24 (without models: 15; jobs' own: 12)",
    );
    const fat = run({ label: 'steady', peakRssBytes: [513 * 2 ** 20] });
    expect(verdicts(best, 10, [fat]).at(-1)?.pass).toBe(false);
  });

  it('names the jobs delivered more than once, and why when the ledger knows', () => {
    expect(redeliveryLine(run({}))).toBeUndefined();
    expect(redeliveryLine(run({ redelivered: [] }))).toBeUndefined();
    expect(
      redeliveryLine(
        run({
          redelivered: [
            { index: 3, attempts: 2, error: 'storage timeout' },
            { index: 7, attempts: 2 },
          ],
        }),
      ),
    ).toBe(
      'jobs delivered more than once: job 3 × 2 (storage timeout); job 7 × 2 (no error recorded: a lock or a completion lost)',
    );
  });

  it('growth is 1 when time per sensor stays the same', () => {
    expect(
      growth([
        { sensors: 1000, seconds: 2 },
        { sensors: 10_000, seconds: 20 },
      ]).ratio,
    ).toBe(1);
    expect(
      growth([
        { sensors: 1000, seconds: 2 },
        { sensors: 2000, seconds: 8 },
      ]).ratio,
    ).toBe(2);
  });

  it('classifies blob requests of its container only, by kind and folder', () => {
    const c = 'bench-run-ab12';
    expect(classifyRequest('GET', `/devstoreaccount1/${c}/models/dev1/s0/v1.json`, c)).toBe(
      'get models',
    );
    expect(
      classifyRequest(
        'GET',
        `/devstoreaccount1/${c}?restype=container&comp=list&prefix=windows%2F2026%2F`,
        c,
      ),
    ).toBe('list windows');
    expect(classifyRequest('PUT', `/devstoreaccount1/${c}/predictions/2026/x.csv`, c)).toBe(
      'put predictions',
    );
    expect(classifyRequest('PUT', `/devstoreaccount1/${c}?restype=container`, c)).toBe('container');
    expect(classifyRequest('GET', '/devstoreaccount1/benchrunab12jobs()', c)).toBeUndefined();
    expect(addCounts({ a: 1 }, { a: 2, b: 1 })).toEqual({ a: 3, b: 1 });
  });
});
