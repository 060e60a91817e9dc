import { type EntityOutcome, reportBlobName, runId } from '@fleetscore/shared';
import { deleteRedisKeys, testStack } from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunService } from '../runs/ledger-run-service.js';
import { startRun } from '../runs/start-run.js';
import { eventually, type RunStack, runStack, standInScorer } from '../runs/testing/run-stack.js';
import { Reconciler } from './reconciler.js';

const at = (iso: string) => new Date(iso);
const MODELS = ['d1/t1', 'd2/t1', 'd3/t1', 'd4/t1'];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stack(): Promise<RunStack> {
  const s = await runStack({ now: at('2026-11-25T10:05:00Z'), shards: 2, jobSize: 3 });
  cleanups.push(() => s.close());
  await s.addModels(MODELS);
  return s;
}

const noData = (entity: string): EntityOutcome => ({
  entity,
  status: 'no-data',
  rows: 0,
  anomalies: 0,
});

describe('Reconciler on the local stack', () => {
  it('ends runs with a completeness report: a sensor without a model and a silent sensor', async () => {
    const s = await stack();
    // Scored with data in the 09:00 hour; d2/t1 goes quiet at 10:00. Sensor x9/t7 has windows
    // but no model; the scorer finds it in its shard's blobs.
    scorerFor(s, (job) => ({
      outcomes: job.from === '2026-11-25T10:00:00.000Z' ? [noData('d2/t1')] : [],
      unmodelled: ['x9/t7'],
    }));
    const reconciler = new Reconciler({ runs: s.deps, intervalMs: 100 });
    reconciler.start();
    cleanups.push(() => reconciler.close());

    const schedule = { kind: 'schedule' as const, schedule: 'hourly' };
    await startRun(s.deps, {
      from: at('2026-11-25T09:00:00Z'),
      to: at('2026-11-25T10:00:00Z'),
      trigger: schedule,
    });
    const first = await ended(s, runId('hourly', at('2026-11-25T09:00:00Z')));
    expect(first.state).toBe('succeeded');

    s.clock.now = at('2026-11-25T11:05:00Z');
    await startRun(s.deps, {
      from: at('2026-11-25T10:00:00Z'),
      to: at('2026-11-25T11:00:00Z'),
      trigger: schedule,
    });
    const id = runId('hourly', at('2026-11-25T10:00:00Z'));
    const run = await ended(s, id);
    // Missing data: the run is partial, and its report says which sensor went silent.
    expect(run).toMatchObject({
      state: 'partial',
      report: reportBlobName(id),
      endedAt: '2026-11-25T11:05:00.000Z',
    });
    expect(run.jobStates).toEqual({ succeeded: run.jobCount });
    expect(run.totals).toEqual({
      entities: 4,
      scored: 3,
      noData: 1,
      noModel: 0,
      failed: 0,
      rows: 3,
      anomalies: 0,
    });

    const report = await createRunService(s.deps).report(id);
    expect(report?.unmodelled).toEqual(['x9/t7']);
    expect(report?.silent).toEqual(['d2/t1']);
    expect(report?.entities.map((e) => [e.entity, e.status])).toEqual([
      ['d1/t1', 'scored'],
      ['d2/t1', 'no-data'],
      ['d3/t1', 'scored'],
      ['d4/t1', 'scored'],
    ]);
  });

  it('reports requested entities without a model as no-model and ends the run partial', async () => {
    const s = await stack();
    scorerFor(s, () => ({}));
    const service = createRunService(s.deps);
    const run = await service.trigger({
      from: at('2026-11-25T09:00:00Z'),
      to: at('2026-11-25T10:00:00Z'),
      entities: ['d1/t1', 'ghost/t1'],
      trigger: { kind: 'api' },
    });
    const reconciler = new Reconciler({ runs: s.deps, intervalMs: 100 });
    reconciler.start();
    cleanups.push(() => reconciler.close());
    const done = await ended(s, run.id);
    expect(done.state).toBe('partial');
    const report = await service.report(run.id);
    expect(report?.entities).toEqual([
      { entity: 'd1/t1', status: 'scored', rows: 1, anomalies: 0, modelVersion: 1, job: 0 },
      { entity: 'ghost/t1', status: 'no-model', rows: 0, anomalies: 0, reason: 'no current model' },
    ]);
  });

  it('resumes a launch abandoned in planning, after the grace period', async () => {
    const s = await stack();
    const id = runId('hourly', at('2026-11-25T09:00:00Z'));
    // A scheduler that created the run and died before planning it.
    await s.deps.ledger.createRun({
      id,
      kind: 'score',
      trigger: { kind: 'schedule', schedule: 'hourly' },
      from: '2026-11-25T09:00:00.000Z',
      to: '2026-11-25T10:00:00.000Z',
    });
    const reconciler = new Reconciler({ runs: s.deps, intervalMs: 1_000, planningGraceMs: 60_000 });
    await reconciler.reconcileOnce();
    expect((await s.deps.ledger.getRun(id))?.state).toBe('planning');
    s.clock.now = at('2026-11-25T10:06:01Z');
    await reconciler.reconcileOnce();
    const run = await s.deps.ledger.getRun(id);
    expect(run?.state).toBe('running');
    expect((await s.queue.depth()).waiting).toBe(run?.jobCount);
    // A second pass changes nothing: the launch is idempotent.
    await reconciler.reconcileOnce();
    expect((await s.queue.depth()).waiting).toBe(run?.jobCount);
  });
});

describe('Reconciler when the queue loses its state', () => {
  it('enqueues again the open jobs the queue no longer holds, once', async () => {
    const s = await stack();
    const run = await createRunService(s.deps).trigger({
      from: at('2026-11-25T09:00:00Z'),
      to: at('2026-11-25T10:00:00Z'),
      trigger: { kind: 'api' },
    });
    expect((await s.queue.depth()).waiting).toBe(run.jobCount);
    // Redis lost the queue (a FLUSHALL, say): the ledger still has every job queued.
    expect(await deleteRedisKeys(testStack().redisUrl, `${s.queuePrefix}:*`)).toBeGreaterThan(0);
    expect((await s.queue.depth()).waiting).toBe(0);

    const reconciler = new Reconciler({ runs: s.deps, intervalMs: 1_000 });
    await reconciler.reconcileOnce();
    expect((await s.queue.depth()).waiting).toBe(run.jobCount);
    await reconciler.reconcileOnce();
    expect((await s.queue.depth()).waiting).toBe(run.jobCount);

    // And the run then ends as any other.
    scorerFor(s, () => ({}));
    await eventually(async () => {
      await reconciler.reconcileOnce();
      return (await s.deps.ledger.getRun(run.id))?.endedAt;
    }, `run ${run.id} to end`);
    expect((await s.deps.ledger.getRun(run.id))?.state).toBe('succeeded');
  });
});

function scorerFor(s: RunStack, script: Parameters<typeof standInScorer>[1]) {
  const consumer = standInScorer(s, script);
  cleanups.push(consumer.close);
}

async function ended(s: RunStack, id: string) {
  return eventually(async () => {
    const run = await s.deps.ledger.getRun(id);
    return run?.endedAt !== undefined ? run : undefined;
  }, `run ${id} to end`);
}
