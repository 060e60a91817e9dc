import { describe, expect, it } from 'vitest';
import { addCounts, classifyRequest } from './blob-requests.js';
import {
  bestRun,
  blobOps,
  growth,
  growthOps,
  jobDataBlobOps,
  percentile,
  type RunFigures,
  redeliveryLine,
  runLines,
  verdicts,
  verdictWord,
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
    const judgedOnly = (vs: ReturnType<typeof verdicts>) =>
      vs.filter((v) => v.pass !== undefined).map((v) => v.pass);
    // bound = 2 × 10 jobs + 4 shards = 24
    const ok = run({
      wallSeconds: 30,
      inProcess: { 'put runs': 2 },
      scorers: { 'get windows': 4, 'put predictions': 10, 'put logs': 10 },
    });
    expect(blobOps(ok)).toBe(26);
    expect(jobDataBlobOps(ok)).toBe(24);
    expect(judgedOnly(verdicts(ok, 10))).toEqual([true, true, true]);
    const bad = run({
      wallSeconds: 31,
      scorers: { 'get windows': 5, 'put predictions': 10, 'put logs': 10, 'get models': 25 },
      peakRssBytes: [513 * 2 ** 20],
    });
    expect(judgedOnly(verdicts(bad, 10))).toEqual([false, false, false]);
  });

  it("judges the jobs' blob operations on each repeat, prints the whole run's beside them", () => {
    const best = run({ wallSeconds: 30, scorers: { 'get models': 100 } });
    const steady = run({
      label: 'steady',
      inProcess: { 'list windows': 1, 'put runs': 2 },
      scorers: { 'get model-packs': 10, 'get windows': 10, 'put logs': 10, 'put predictions': 10 },
    });
    const warm = run({ label: 'warm', scorers: { 'put logs': 20 }, peakRssBytes: [600 * 2 ** 20] });
    const judged = verdicts(best, 10, [steady, warm]);
    expect(judged.map((v) => [v.target, verdictWord(v)])).toEqual([
      ['run ≤ 3 × floor (best K)', 'PASS'],
      ["jobs' blob ops ≤ 2 × jobs + shards (K = 10, steady)", 'MISS'],
      ['blob ops of the whole run (K = 10, steady)', 'info'],
      ["jobs' blob ops ≤ 2 × jobs + shards (K = 10, warm)", 'PASS'],
      ['blob ops of the whole run (K = 10, warm)', 'info'],
      ['worker RSS ≤ 512 MiB', 'PASS'],
      ['worker RSS, whole fleet cached (warm)', 'info'],
    ]);
    expect(judged[1]?.measured).toBe('30 vs 24 (windows read, predictions and logs written)');
    // The whole run: the jobs', model reads and the run's own (listing, plan, report).
    expect(blobOps(steady)).toBe(43);
    expect(judged[2]?.measured).toBe(
      "43 = jobs' 30 + models 10 + the run's 3 (listing, plan, report)",
    );
    expect(judged.at(-1)?.measured).toBe('600 MiB peak');
    expect(growthOps(steady)).toBe("43 blob ops (jobs' 30, bound 24)");
    const fat = run({ label: 'steady', peakRssBytes: [513 * 2 ** 20] });
    expect(verdicts(best, 10, [fat]).at(-1)?.pass).toBe(false);
  });

  it('judges the first run against 1 × and each steady run against 0.5 × the Python loop', () => {
    const pairs = (vs: ReturnType<typeof verdicts>) =>
      vs
        .filter((v) => v.target.includes('Python'))
        .map((v) => [v.target, verdictWord(v), v.measured]);
    const first = run({ k: 1000, wallSeconds: 20 });
    const steady = run({ k: 1000, label: 'steady', wallSeconds: 10 });
    expect(pairs(verdicts(first, 40, [steady], 20))).toEqual([
      ['first ≤ 1 × Python loop (best K)', 'PASS', '1.00 × (K = 1000)'],
      ['steady ≤ 0.5 × Python loop', 'PASS', '0.50 × (K = 1000)'],
    ]);
    expect(pairs(verdicts(first, 40, [steady], 19.9)).map((p) => p[1])).toEqual(['MISS', 'MISS']);
    // Warm runs are not judged against it; an unfinished steady run misses it.
    const warm = run({ k: 1000, label: 'warm', wallSeconds: 1 });
    const cut = run({ k: 1000, label: 'steady', wallSeconds: 5, completed: false });
    expect(pairs(verdicts(first, 40, [cut, warm], 20))).toEqual([
      ['first ≤ 1 × Python loop (best K)', 'PASS', '1.00 × (K = 1000)'],
      ['steady ≤ 0.5 × Python loop', 'MISS', '0.25 × (K = 1000)'],
    ]);
    // Without the loop's time, no such line (and the rest as before).
    expect(pairs(verdicts(first, 40, [steady]))).toEqual([]);
  });

  it('prints a × python column beside × floor when the loop was timed', () => {
    const [head, line] = runLines([run({ k: 1000, wallSeconds: 30 })], 60, 15);
    expect(
      head
        ?.trim()
        .split(/\s{2,}/)
        .slice(0, 5),
    ).toEqual(['K', 'jobs', 'wall s', '× floor', '× python']);
    expect(line?.trim().split(/\s+/).slice(0, 5)).toEqual(['1000', '10', '30.0', '0.50', '2.00']);
    const [without] = runLines([run({})], 60);
    expect(without).not.toContain('python');
    const [, unfinished] = runLines([run({ completed: false, jobsEnded: 3 })], 60, 15);
    expect(unfinished?.trim().split(/\s+/).slice(4, 7)).toEqual(['jobs)', '-', '-']);
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
