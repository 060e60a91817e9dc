import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  entityKey,
  logBlobName,
  runId as makeRunId,
  modelBlobName,
  parseJobLog,
  parsePredictionCsv,
  predictionsBlobName,
  shardOf,
  UnavailableError,
  type WindowRecord,
} from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fitSensorModel,
  type Harness,
  HOUR,
  NEXT_HOUR,
  parseCsv,
  SHARDS,
  scoreRun,
  scorerHarness,
  scoringJobs,
  sensorsOf,
  sensorWindows,
  terminal,
} from './scorer.test-helper.js';

const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const run = promisify(execFile);
let harness: Harness;
let scratch: string | undefined;
afterEach(async () => {
  await harness?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

const newRunId = (name = 'api') =>
  makeRunId(name, new Date(HOUR), Math.random().toString(36).slice(2, 10));

/** `fleetscore score-csv` on the same rows and the registry's stored model documents. */
async function scoreCsvReference(h: Harness, windows: readonly WindowRecord[], keys: string[]) {
  scratch = await mkdtemp(join(tmpdir(), 'scorer-ref-'));
  const models = join(scratch, 'models');
  const out = join(scratch, 'out');
  await mkdir(models);
  for (const key of keys) {
    const [device, tag] = key.split('/');
    const document = await h.text(modelBlobName(key, 1));
    await writeFile(join(models, `model_${device}_${tag}.json`), document);
  }
  const csv = [
    'TS,Device,Tag,Value',
    ...windows.map((w) => `${w.end},${w.device},${w.sensor},${w.values.avg}`),
  ];
  await writeFile(join(scratch, 'data.csv'), `${csv.join('\n')}\n`);
  await run(
    join(repo, 'node_modules/.bin/tsx'),
    [
      '--conditions=source',
      'packages/cli/src/main.ts',
      'score-csv',
      '--models',
      models,
      '--data',
      join(scratch, 'data.csv'),
      '--out',
      out,
      '--json',
    ],
    { cwd: repo, maxBuffer: 64 * 2 ** 20 },
  );
  const rows: string[] = [];
  for (const file of (await readdir(out)).sort()) {
    for (const record of parseCsv(await readFile(join(out, file), 'utf8'))) {
      rows.push([record.TS, record.Device, record.Tag, record.Val, record.Prediction].join(','));
    }
  }
  return rows.sort();
}

describe('scorer: scoring jobs on the real stack', () => {
  it('a run of 50 sensors × 720 windows gives exactly the predictions of fleetscore score-csv', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(10, 5);
    const windows = sensorWindows(sensors);
    await harness.writeWindows(windows);
    // The aggregator's at-least-once replay can write a window twice: readers de-duplicate.
    await harness.writeWindows(windows.slice(0, 500));
    const versions = await harness.registerModels(sensors);
    const runId = newRunId();
    const jobs = scoringJobs(runId, versions);
    expect(jobs.length).toBeGreaterThan(1);
    await harness.plan(scoreRun(runId), jobs);
    harness.start();

    const records = await harness.waitForJobs(runId, terminal);
    expect(records.map((r) => r.state)).toEqual(jobs.map(() => 'succeeded'));

    const ours: string[] = [];
    for (const [i, job] of jobs.entries()) {
      const record = records[i]!;
      const name = predictionsBlobName(runId, job.jobIndex, new Date(HOUR));
      expect(record).toMatchObject({
        predictions: name,
        log: logBlobName(runId, job.jobIndex),
        attempts: 1,
      });
      const csv = await harness.text(name);
      const predictions = parseCsv(csv);
      expect(predictions).toHaveLength(job.entities.length * 720);
      // Every row is one the contract's parser takes.
      expect(parsePredictionCsv(name, csv)).toHaveLength(predictions.length);
      expect(record.summary).toMatchObject({
        scored: job.entities.length,
        rows: job.entities.length * 720,
      });
      expect(record.summary!.anomalies).toBe(
        predictions.filter((p) => p.Prediction === '1').length,
      );
      for (const p of predictions) {
        expect(p).toMatchObject({ ModelVersion: '1', RunId: runId });
        expect(p.Prediction).toBe(Number(p.Decision) > 0 ? '0' : '1');
        ours.push([p.TS, p.Device, p.Tag, p.Val, p.Prediction].join(','));
      }
      const logText = await harness.text(record.log!);
      const log = parseJobLog(logText);
      // Every line is an event of the contract (parseJobLog skips any other).
      expect(log).toHaveLength(logText.trimEnd().split('\n').length);
      expect(log[0]).toMatchObject({ event: 'start', attempt: 1, runId, jobIndex: job.jobIndex });
      expect(log.at(-1)).toMatchObject({ event: 'end', state: 'succeeded', predictions: name });
      expect(log.filter((l) => l.event === 'entity')).toHaveLength(job.entities.length);
    }
    // One blob per job, nothing else.
    expect(await harness.names('predictions/')).toHaveLength(jobs.length);
    const keys = sensors.map(entityKey);
    const reference = await scoreCsvReference(harness, windows, keys);
    expect(reference).toHaveLength(50 * 720);
    expect(ours.sort()).toEqual(reference);
    // Some anomalies, some not: the comparison covers both labels.
    expect(new Set(reference.map((r) => r.slice(-1)))).toEqual(new Set(['0', '1']));
  });

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

describe('scorer: failures', () => {
  it('a job that always fails is dead-lettered after N attempts with its reason', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 1);
    const versions = await harness.registerModels(sensors);
    const runId = newRunId();
    await harness.plan(scoreRun(runId), scoringJobs(runId, versions));
    // Fault injection over the real container: reading windows is always unavailable.
    const { blobs } = harness;
    const broken: typeof blobs = {
      put: (...args) => blobs.put(...args),
      get: (...args) => blobs.get(...args),
      getStream: (...args) => blobs.getStream(...args),
      delete: (...args) => blobs.delete(...args),
      exists: (...args) => blobs.exists(...args),
      list: () => {
        throw new UnavailableError('storage is down (injected)');
      },
    };
    harness.start({ jobAttempts: 3 }, { blobs: broken });

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({
      state: 'dead-lettered',
      attempts: 3,
      error: 'storage is down (injected)',
    });
    const { letters } = await harness.queue.deadLetters();
    expect(letters).toEqual([
      expect.objectContaining({
        id: `${runId}/0`,
        reason: 'storage is down (injected)',
        attempts: 3,
      }),
    ]);
    const log = await harness.text(logBlobName(runId, 0));
    expect(log).toMatch(/"state":"dead-lettered"/);
  });

  it('corrupt window data dead-letters the job at once; an invalid payload or unplanned job too', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 1);
    const versions = await harness.registerModels(sensors);
    const runId = newRunId();
    const [job] = scoringJobs(runId, versions);
    await harness.blobs.put(
      `windows/2026/11/25/10/shard=${job!.shard}/p0-0000000000000001-0000000000000001-0.ndjson`,
      '{"device":"dev0"}\n',
    );
    await harness.plan(scoreRun(runId), [job!]);
    await harness.queue.enqueue({ id: 'not-a-job', payload: { kind: 'score', runId: 42 } });
    // A valid payload of a run the ledger does not know: not a planned job.
    const stray = { ...job!, runId: newRunId('stray') };
    await harness.queue.enqueue({ id: `${stray.runId}/0`, payload: stray });
    harness.start({ jobAttempts: 5 });

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({ state: 'dead-lettered', attempts: 1 });
    expect(record!.error).toMatch(/line 1 is not a window record/);
    const deadline = Date.now() + 30_000;
    let { letters } = await harness.queue.deadLetters();
    while (letters.length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ({ letters } = await harness.queue.deadLetters());
    }
    const invalid = letters.find((l) => l.id === 'not-a-job');
    expect(invalid?.reason).toMatch(/^invalid job payload/);
    expect(invalid?.attempts).toBe(1);
    const strayLetter = letters.find((l) => l.id === `${stray.runId}/0`);
    expect(strayLetter).toMatchObject({
      attempts: 1,
      reason: expect.stringMatching(/no ledger record/),
    });
  });
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
