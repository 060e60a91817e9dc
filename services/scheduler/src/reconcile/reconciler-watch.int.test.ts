import { afterEach, describe, expect, it } from 'vitest';
import { createRunService } from '../runs/ledger-run-service.js';
import { eventually, runStack, standInScorer } from '../runs/testing/run-stack.js';
import { Reconciler } from './reconciler.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Reconciler.watch', () => {
  it('ends a backfill of windows older than the look-back once it is watched', async () => {
    const s = await runStack({ now: new Date('2026-11-25T10:05:00Z'), shards: 2, jobSize: 3 });
    cleanups.push(() => s.close());
    await s.addModels(['1/1', '2/1']);
    const scorer = standInScorer(s);
    cleanups.push(scorer.close);
    // The reference's data: 2018, years before the 7-day look-back.
    const run = await createRunService(s.deps).trigger({
      from: new Date('2018-08-28T23:00:00Z'),
      to: new Date('2018-08-29T00:00:00Z'),
      trigger: { kind: 'api' },
    });
    const reconciler = new Reconciler({ runs: s.deps, intervalMs: 100 });
    const state = async () => (await s.deps.ledger.getRun(run.id))?.state;

    // Every job done, yet a pass over the look-back does not see the run.
    await eventually(async () => {
      const jobs = await s.deps.ledger.listJobs(run.id);
      return jobs.every((job) => job.state === 'succeeded') || undefined;
    }, 'the jobs to succeed');
    await reconciler.reconcileOnce();
    expect(await state()).toBe('running');

    reconciler.watch(run.id);
    await reconciler.reconcileOnce();
    expect(await state()).toBe('succeeded');
    // Ended runs are dropped from the watch list; another pass is a no-op.
    await reconciler.reconcileOnce();
    expect(await state()).toBe('succeeded');
  });
});
