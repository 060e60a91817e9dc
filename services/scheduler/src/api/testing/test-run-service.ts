import { setTimeout as delay } from 'node:timers/promises';
import type { ModelRegistry } from '@fleetscore/registry';
import {
  type BlobStore,
  type JobPayload,
  type JobQueue,
  jobId,
  NotFoundError,
  PreconditionFailedError,
  type RunReport,
  type RunState,
  reportBlobName,
  runId,
  TERMINAL_RUN_STATES,
} from '@fleetscore/shared';
import type { Ledger, RunRecord } from '@fleetscore/shared/ledger';
import type { RunRequest, RunService, TrainingRequest } from '../../runs/run-service.js';

/**
 * A small RunService for the HTTP-layer tests (the real one is the scheduler's domain): every
 * run is one job holding all its entities, recorded in the real ledger and enqueued on the real
 * queue. `settle` ends each new run shortly after it starts, with a report blob, so clients
 * that wait for a run have something to wait for.
 */
export function testRunService(deps: {
  ledger: Ledger;
  queue: JobQueue<JobPayload>;
  blobs: BlobStore;
  registry: ModelRegistry;
  settle?: (run: RunRecord) => RunState | undefined;
}): RunService & { settled: Promise<unknown>[] } {
  const { ledger, queue, blobs } = deps;
  const settled: Promise<unknown>[] = [];
  let serial = 0;

  async function entitiesOf(request: RunRequest): Promise<string[]> {
    if (request.entities) return request.entities;
    const all: string[] = [];
    for await (const { entity } of deps.registry.currentVersions()) all.push(entity);
    return all;
  }

  async function start(
    request: RunRequest,
    payloadOf: (run: RunRecord, entities: string[]) => JobPayload,
  ) {
    const id = runId('api', request.from, `t${(serial++).toString(36)}${Date.now().toString(36)}`);
    const { run } = await ledger.createRun({
      id,
      kind: 'params' in request ? 'train' : 'score',
      trigger: request.trigger,
      from: request.from.toISOString(),
      to: request.to.toISOString(),
      ...(request.entities ? { entities: request.entities } : {}),
      ...('params' in request ? { params: (request as TrainingRequest).params } : {}),
    });
    const entities = await entitiesOf(request);
    await ledger.putJobs([{ runId: id, index: 0, shard: 0, size: entities.length }]);
    await queue.enqueue({ id: jobId(id, 0), payload: payloadOf(run, entities) });
    const started = await ledger.updateRun(id, (r) => ({
      ...r,
      state: 'running',
      jobCount: 1,
      jobStates: { queued: 1 },
      startedAt: new Date().toISOString(),
    }));
    const state = deps.settle?.(started);
    if (state) settled.push(delay(300).then(() => end(started, state, entities)));
    return started;
  }

  async function end(run: RunRecord, state: RunState, entities: string[]) {
    const totals = {
      entities: entities.length,
      scored: entities.length,
      noData: 0,
      noModel: 0,
      failed: 0,
      rows: 0,
      anomalies: 0,
    };
    const report: RunReport = {
      runId: run.id,
      state,
      from: run.from,
      to: run.to,
      generatedAt: new Date().toISOString(),
      totals,
      entities: entities.map((entity) => ({ entity, status: 'scored', rows: 0, anomalies: 0 })),
      unmodelled: [],
      silent: [],
      deadLettered: [],
    };
    const name = reportBlobName(run.id);
    await blobs.put(name, JSON.stringify(report), { contentType: 'application/json' });
    await ledger.updateRun(run.id, (r) => ({
      ...r,
      state,
      endedAt: new Date().toISOString(),
      totals,
      report: name,
    }));
  }

  const getRun = async (id: string) => {
    const run = await ledger.getRun(id);
    if (!run) throw new NotFoundError(`no run ${id}`);
    return run;
  };

  return {
    settled,
    trigger: (request) =>
      start(request, (run, entities) => ({
        kind: 'score',
        runId: run.id,
        jobIndex: 0,
        from: run.from,
        to: run.to,
        shard: 0,
        entities: entities.map((entity) => ({ entity, version: 1 })),
        reportUnmodelled: false,
      })),
    train: (request) =>
      start(request, (run, entities) => ({
        kind: 'train',
        runId: run.id,
        jobIndex: 0,
        from: run.from,
        to: run.to,
        shard: 0,
        entities,
        params: request.params,
      })),
    async retry(id) {
      const run = await getRun(id);
      if (run.state === 'cancelled') throw new PreconditionFailedError(`run ${id} is cancelled`);
      let requeued = 0;
      for (const job of await ledger.listJobs(id)) {
        if (job.state !== 'failed' && job.state !== 'dead-lettered') continue;
        if (await queue.replayDeadLetter(jobId(id, job.index))) requeued += 1;
      }
      return { run, requeued };
    },
    async cancel(id) {
      const run = await getRun(id);
      if (TERMINAL_RUN_STATES.includes(run.state)) {
        throw new PreconditionFailedError(`run ${id} has ended (${run.state})`);
      }
      return ledger.updateRun(id, (r) => ({
        ...r,
        state: 'cancelled',
        endedAt: new Date().toISOString(),
      }));
    },
    replayDeadLetter: async (id) => ({ replayed: await queue.replayDeadLetter(id) }),
    async report(id) {
      const blob = await blobs.get(reportBlobName(id));
      return blob ? (JSON.parse(blob.body.toString('utf8')) as RunReport) : undefined;
    },
  };
}
