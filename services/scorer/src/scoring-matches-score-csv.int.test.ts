// A scoring run on the real stack against the reference: the predictions of every job, read
// back from their blobs, are exactly those `fleetscore score-csv` gives on the same windows and
// the registry's stored model documents.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  entityKey,
  logBlobName,
  modelBlobName,
  parseJobLog,
  parsePredictionCsv,
  predictionsBlobName,
  type WindowRecord,
} from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
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

const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const run = promisify(execFile);
let harness: Harness;
let scratch: string | undefined;
afterEach(async () => {
  await harness?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

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
});
