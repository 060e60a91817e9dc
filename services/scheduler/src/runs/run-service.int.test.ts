import {
  isFleetscoreError,
  type JobPayload,
  jobId,
  NonRetryableError,
  planBlobName,
  type ReceivedJob,
} from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { Reconciler } from '../reconcile/reconciler.js';
import { createRunService } from './ledger-run-service.js';
import { eventually, type RunStack, runStack, standInScorer } from './testing/run-stack.js';

const at = (iso: string) => new Date(iso);
const MODELS = ['d1/t1', 'd1/t2', 'd2/t1', 'd3/t1', 'd4/t1', 'd5/t1', 'd6/t1'];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stack(): Promise<RunStack> {
  const s = await runStack({ now: at('2026-11-25T11:10:00Z'), shards: 3, jobSize: 2 });
  cleanups.push(() => s.close());
  await s.addModels(MODELS);
  return s;
}

function scorer(
  s: RunStack,
  ...args: Parameters<typeof standInScorer> extends [unknown, ...infer R] ? R : never
) {
  const consumer = standInScorer(s, ...args);
  cleanups.push(consumer.close);
  return consumer;
}

const reconcile = (s: RunStack) =>
  new Reconciler({ runs: s.deps, intervalMs: 1_000 }).reconcileOnce();

describe('RunService on the local stack', () => {
  it('backfills a past hour: plans, records and enqueues one job per shard chunk', async () => {
    const s = await stack();
    const service = createRunService(s.deps);
    const run = await service.trigger({
      from: at('2026-11-20T03:00:00Z'),
      to: at('2026-11-20T04:00:00Z'),
      trigger: { kind: 'api', by: 'test' },
    });
    expect(run.id).toMatch(/^api-20261120T0300Z-[a-z0-9]{6}$/);
    expect(run).toMatchObject({ state: 'running', kind: 'score', jobCount: expect.any(Number) });
    const jobs = await s.deps.ledger.listJobs(run.id);
    expect(jobs.map((job) => job.index)).toEqual(Array.from({ length: run.jobCount }, (_, i) => i));
    expect(jobs.every((job) => job.state === 'queued')).toBe(true);

    const { received } = scorer(s);
    await eventually(
      async () => (received.length >= run.jobCount ? true : undefined),
      'every job delivered',
    );
    const payloads = received.map((job) => job.payload);
    expect(received.map((job) => job.id).sort()).toEqual(
      jobs.map((job) => jobId(run.id, job.index)).sort(),
    );
    expect(
      payloads.every((p) => p.from === run.from && p.to === run.to && p.kind === 'score'),
    ).toBe(true);
    const scored = payloads.flatMap((p) => (p.kind === 'score' ? p.entities : []));
    expect(scored.map((e) => e.entity).sort()).toEqual([...MODELS].sort());
    expect(scored.every((e) => e.version === 1)).toBe(true);
    // Every shard has a job asking for unmodelled sensors, exactly one per shard.
    const reporting = payloads.filter((p) => p.kind === 'score' && p.reportUnmodelled);
    expect(reporting.map((p) => p.shard).sort()).toEqual([0, 1, 2]);
    // The plan is kept beside the run, so a crashed launch resumes with the same jobs.
    expect(await s.deps.blobs.exists(planBlobName(run.id))).toBe(true);
  });

  it('retries a dead-lettered job and replays a dead letter; the run ends succeeded', async () => {
    const s = await stack();
    const service = createRunService(s.deps);
    const failing = new Set<string>();
    const { received } = scorer(s, (job) => {
      const id = jobId(job.runId, job.jobIndex);
      if (job.jobIndex === 0 && !failing.has(id)) {
        failing.add(id);
        return new NonRetryableError('model blob unreadable');
      }
      return {};
    });
    const run = await service.trigger({
      from: at('2026-11-25T10:00:00Z'),
      to: at('2026-11-25T11:00:00Z'),
      trigger: { kind: 'cli' },
    });
    // The stand-in never records the failure: the reconciler learns it from the dead letters.
    const dead = await eventually(async () => {
      await reconcile(s);
      const job = await s.deps.ledger.getJob(run.id, 0);
      return job?.state === 'dead-lettered' ? job : undefined;
    }, 'job 0 dead-lettered');
    expect(dead.error).toBe('model blob unreadable');
    const partial = await eventually(async () => {
      await reconcile(s);
      const current = await s.deps.ledger.getRun(run.id);
      return current?.endedAt !== undefined ? current : undefined;
    }, 'the run to end');
    expect(partial.state).toBe('partial');
    expect((await service.report(run.id))?.deadLettered).toEqual([
      { job: 0, reason: 'model blob unreadable' },
    ]);

    const { run: retried, requeued } = await service.retry(run.id);
    expect(requeued).toBe(1);
    expect(retried.state).toBe('running');
    expect(retried.endedAt).toBeUndefined();
    expect(await service.report(run.id)).toBeUndefined();
    const ended = await eventually(async () => {
      await reconcile(s);
      const current = await s.deps.ledger.getRun(run.id);
      return current?.endedAt !== undefined ? current : undefined;
    }, 'the retried run to end');
    expect(ended.state).toBe('succeeded');
    expect(ended.totals).toMatchObject({
      entities: MODELS.length,
      scored: MODELS.length,
      failed: 0,
    });
    expect(
      received.filter((job: ReceivedJob<JobPayload>) => job.id === jobId(run.id, 0)),
    ).toHaveLength(2);
    // Nothing left to retry.
    expect((await service.retry(run.id)).requeued).toBe(0);

    // A second run: replay its dead letter by id, before the reconciler has even seen it.
    const second = await service.trigger({
      from: at('2026-11-25T09:00:00Z'),
      to: at('2026-11-25T10:00:00Z'),
      trigger: { kind: 'api' },
    });
    const id = jobId(second.id, 0);
    await eventually(async () => {
      const { letters } = await s.queue.deadLetters({ limit: 1_000 });
      return letters.some((letter) => letter.id === id) ? true : undefined;
    }, 'the dead letter');
    expect(await service.replayDeadLetter(id)).toEqual({ replayed: true });
    const done = await eventually(async () => {
      await reconcile(s);
      const current = await s.deps.ledger.getRun(second.id);
      return current?.endedAt !== undefined ? current : undefined;
    }, 'the replayed run to end');
    expect(done.state).toBe('succeeded');
    expect(await service.replayDeadLetter(id)).toEqual({ replayed: false });
  });

  it('cancels a running run; conflicts and unknown ids are typed errors', async () => {
    const s = await stack();
    const service = createRunService(s.deps);
    const run = await service.trigger({
      from: at('2026-11-25T10:00:00Z'),
      to: at('2026-11-25T11:00:00Z'),
      entities: ['d1/t1', 'd2/t1'],
      trigger: { kind: 'api' },
    });
    const cancelled = await service.cancel(run.id);
    expect(cancelled.state).toBe('cancelled');
    expect((await s.deps.ledger.listJobs(run.id)).every((job) => job.state === 'cancelled')).toBe(
      true,
    );
    const conflict = (code: string) => (error: unknown) =>
      isFleetscoreError(error) && error.code === code;
    await expect(service.cancel(run.id)).rejects.toSatisfy(conflict('PRECONDITION_FAILED'));
    await expect(service.retry(run.id)).rejects.toSatisfy(conflict('PRECONDITION_FAILED'));
    await expect(service.cancel('api-20261125T1000Z-nosuch')).rejects.toSatisfy(
      conflict('NOT_FOUND'),
    );
    await expect(service.retry('api-20261125T1000Z-nosuch')).rejects.toSatisfy(
      conflict('NOT_FOUND'),
    );
    await expect(service.report('api-20261125T1000Z-nosuch')).rejects.toSatisfy(
      conflict('NOT_FOUND'),
    );
    await expect(service.replayDeadLetter('nonsense')).rejects.toSatisfy(conflict('NON_RETRYABLE'));
    await expect(
      service.trigger({
        from: at('2026-11-25T11:00:00Z'),
        to: at('2026-11-25T10:00:00Z'),
        trigger: { kind: 'api' },
      }),
    ).rejects.toSatisfy(conflict('NON_RETRYABLE'));
    // A running run with no failures retries nothing.
    const other = await service.trigger({
      from: at('2026-11-25T10:00:00Z'),
      to: at('2026-11-25T11:00:00Z'),
      trigger: { kind: 'api' },
    });
    expect((await service.retry(other.id)).requeued).toBe(0);
  });

  it('plans a training run over the named entities, with training payloads', async () => {
    const s = await stack();
    const service = createRunService(s.deps);
    const run = await service.train({
      from: at('2026-11-24T00:00:00Z'),
      to: at('2026-11-25T00:00:00Z'),
      entities: ['new/t1', 'd1/t1'],
      params: { nu: 0.01, gamma: 0.1, kernel: 'rbf', standardize: true },
      trigger: { kind: 'api' },
    });
    expect(run).toMatchObject({ kind: 'train', state: 'running', entities: ['d1/t1', 'new/t1'] });
    const received: JobPayload[] = [];
    const consumer = s.queue.consume(async (job) => {
      received.push(job.payload);
    });
    cleanups.push(() => consumer.close());
    await eventually(
      async () => (received.length >= run.jobCount ? true : undefined),
      'training jobs',
    );
    expect(received.every((p) => p.kind === 'train' && p.params.nu === 0.01)).toBe(true);
    expect(received.flatMap((p) => (p.kind === 'train' ? p.entities : [])).sort()).toEqual([
      'd1/t1',
      'new/t1',
    ]);
  });
});
