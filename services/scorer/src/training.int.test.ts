// Training jobs on the real stack: one model registered per entity, and none twice on a replay.
import { runId as makeRunId, shardOf } from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  HOUR,
  NEXT_HOUR,
  SHARDS,
  scoreRun,
  scorerHarness,
  sensorsOf,
  sensorWindows,
  terminal,
} from './scorer.test-helper.js';

let harness: Harness;
afterEach(async () => {
  await harness?.cleanup();
});

describe('scorer: training jobs', () => {
  it('fits and registers one model per entity; no data → no-data; a retry registers nothing twice', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 2);
    await harness.writeWindows(sensorWindows(sensors, HOUR, 120));
    const runId = makeRunId('train', new Date(HOUR), 'x1');
    const job = {
      kind: 'train' as const,
      runId,
      jobIndex: 0,
      from: HOUR,
      to: NEXT_HOUR,
      shard: 0,
      entities: ['dev0/s0', 'dev0/s1', 'dev0/none'],
      params: { nu: 0.1, gamma: 0.01, kernel: 'rbf' as const, standardize: true },
    };
    job.shard = shardOf('dev0', SHARDS);
    await harness.plan({ ...scoreRun(runId), kind: 'train', params: job.params }, [job]);
    harness.start();

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({
      state: 'succeeded',
      summary: { scored: 2, noData: 1, rows: 240 },
    });
    const versions = await harness.registry.versions({ device: 'dev0', sensor: 's0' });
    expect(versions).toEqual([
      expect.objectContaining({ version: 1, note: runId, features: ['Value'] }),
    ]);
    expect(await harness.registry.get({ device: 'dev0', sensor: 'none' })).toBeUndefined();

    // A replayed job (the same message again) finds its versions and registers none.
    await harness.ledger.updateJob(runId, 0, (r) => ({ ...r, state: 'queued' }));
    await harness.queue.enqueue({ id: `${runId}/0-again`, payload: job });
    const [again] = await harness.waitForJobs(runId, (r) => r.state === 'succeeded');
    expect(again!.summary).toMatchObject({ scored: 2, noData: 1 });
    expect(await harness.registry.versions({ device: 'dev0', sensor: 's0' })).toHaveLength(1);
  });
});
