// Scoring jobs on the real stack, entity by entity: a model that fails alone, a cancelled run,
// a promotion between runs, device-level models and the sensors a shard has no model for.
import { afterEach, describe, expect, it } from 'vitest';
import {
  fitSensorModel,
  type Harness,
  HOUR,
  newRunId,
  parseCsv,
  scoreRun,
  scorerHarness,
  scoringJobs,
  sensorsOf,
  sensorWindows,
  terminal,
} from './scorer.test-helper.js';

let harness: Harness;
afterEach(async () => {
  await harness?.cleanup();
});

describe('scorer: scoring jobs on the real stack', () => {
  it('an entity with a corrupt model fails alone; a missing version too', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 3);
    await harness.writeWindows(sensorWindows(sensors, HOUR, 60));
    const versions = await harness.registerModels(sensors);
    await harness.blobs.put('models/dev0/s1/v1.json', '{"format":"fleetscore.ocsvm/v1","nope":');
    versions.set('dev0/s2', 7); // never registered
    const runId = newRunId();
    const jobs = scoringJobs(runId, versions);
    await harness.plan(scoreRun(runId), jobs);
    harness.start();

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({
      state: 'succeeded',
      summary: { scored: 1, failed: 2, rows: 60 },
    });
    expect(record!.problems!.map((p) => [p.entity, p.status])).toEqual([
      ['dev0/s1', 'failed'],
      ['dev0/s2', 'failed'],
    ]);
    expect(record!.problems![1]!.reason).toMatch(/7/);
    const predictions = parseCsv(await harness.text(record!.predictions!));
    expect(new Set(predictions.map((p) => `${p.Device}/${p.Tag}`))).toEqual(new Set(['dev0/s0']));
  });

  it('a cancelled run’s job is acknowledged and not scored', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 1);
    await harness.writeWindows(sensorWindows(sensors, HOUR, 10));
    const versions = await harness.registerModels(sensors);
    const runId = newRunId();
    await harness.ledger.createRun(scoreRun(runId));
    await harness.ledger.updateRun(runId, (r) => ({ ...r, state: 'cancelled' }));
    const jobs = scoringJobs(runId, versions);
    await harness.ledger.putJobs(
      jobs.map((j) => ({ runId, index: j.jobIndex, shard: j.shard, size: 1 })),
    );
    for (const job of jobs)
      await harness.queue.enqueue({ id: `${runId}/${job.jobIndex}`, payload: job });
    harness.start();

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record!.state).toBe('cancelled');
    expect(await harness.names('predictions/')).toEqual([]);
    expect((await harness.queue.depth()).deadLettered).toBe(0);
  });

  it('a model promoted between two runs is used by the second', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 1);
    await harness.writeWindows(sensorWindows(sensors, HOUR, 30));
    const [sensor] = sensors;
    await harness.registerModels(sensors);
    harness.start();
    const plannedNow = async () => {
      // What the planner does: the current version of each entity when the run is planned.
      const current = new Map<string, number>();
      for await (const { entity, version } of harness.registry.currentVersions())
        current.set(entity, version);
      const runId = newRunId();
      await harness.plan(scoreRun(runId), scoringJobs(runId, current));
      const [record] = await harness.waitForJobs(runId, terminal);
      return parseCsv(await harness.text(record!.predictions!));
    };
    const first = await plannedNow();
    // A promotion: a new version (another model), current from now on.
    const other = await harness.registry.register(sensor!, {
      ...(await harness.registry.load(sensor!, 1)).model,
      intercept: -1e6, // every row an anomaly: a visible difference
    });
    const second = await plannedNow();
    expect(other.version).toBe(2);
    expect(new Set(first.map((p) => p.ModelVersion))).toEqual(new Set(['1']));
    expect(new Set(second.map((p) => p.ModelVersion))).toEqual(new Set(['2']));
    expect(second.every((p) => p.Prediction === '1')).toBe(true);
    expect(first.some((p) => p.Prediction === '0')).toBe(true);
  });

  it('device-level models: sensors as columns, Tag and Val empty, rows with a missing sensor reported', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 2, 'multi');
    const windows = sensorWindows(sensors, HOUR, 20).filter(
      (w) => !(w.sensor === 's1' && w.end === new Date(Date.parse(HOUR) + 5000).toISOString()),
    );
    await harness.writeWindows(windows);
    const device = { device: 'multi0' };
    const model = fitSensorModel('multi0', ['s0', 's1']);
    const { version } = await harness.registry.register(device, model);
    const runId = newRunId();
    await harness.plan(scoreRun(runId), scoringJobs(runId, new Map([['multi0', version]])));
    harness.start();

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({ state: 'succeeded', summary: { scored: 1, rows: 19 } });
    expect(record!.problems).toEqual([
      expect.objectContaining({
        entity: 'multi0',
        status: 'scored',
        reason: '1 window(s) left out: missing sensor(s) s1',
      }),
    ]);
    const predictions = parseCsv(await harness.text(record!.predictions!));
    expect(predictions).toHaveLength(19);
    expect(predictions.every((p) => p.Device === 'multi0' && p.Tag === '' && p.Val === '')).toBe(
      true,
    );
  });

  it('reports the sensors of the shard that have no model', async () => {
    harness = await scorerHarness();
    const modelled = sensorsOf(2, 2);
    const loose = [
      { device: 'dev0', sensor: 'extra' },
      { device: 'dev1', sensor: 'extra' },
    ];
    await harness.writeWindows(sensorWindows([...modelled, ...loose], HOUR, 5));
    const versions = await harness.registerModels(modelled);
    const runId = newRunId();
    const jobs = scoringJobs(runId, versions, true);
    await harness.plan(scoreRun(runId), jobs);
    harness.start();
    const records = await harness.waitForJobs(runId, terminal);
    const unmodelled = records.flatMap((r) => r.unmodelled ?? []).sort();
    expect(unmodelled).toEqual(['dev0/extra', 'dev1/extra']);
  });
});
