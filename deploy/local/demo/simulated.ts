/**
 * `pnpm demo`: the whole pipeline on a simulated fleet (docs/demo.md). Every step goes through
 * the real services: readings over HTTP ingest, windows by the aggregator, training and scoring
 * runs through the scheduler API, jobs on the scorer processes.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type RunBody, runLogsPrefix, runPredictionsPrefix } from '@fleetscore/shared';
import { ENDED_STATES, jobProgress, runJobs, runReport, waitForRun } from './api.js';
import { readRunPredictions, waitForWindows } from './blobs.js';
import { dropStream } from './cleanup.js';
import { type AnomalyLabel, evaluate } from './evaluate.js';
import type { DemoOptions } from './options.js';
import { progressReporter } from './progress.js';
import { simulate } from './simulate.js';
import {
  type DemoSummary,
  formatDemoSummary,
  type ModelTotals,
  perModelKey,
  writeDemoSummary,
} from './summary.js';
import { opsPortsOf, type System, startSystem, stopAfterDemo } from './system.js';

const HOUR = 3_600_000;
const WINDOW_MS = 5_000;

/**
 * Settings the demo gives the services: no cron schedule of its own (it triggers its runs
 * through the API; a once-a-year schedule stands for "none", as the variable cannot be empty).
 */
export const DEMO_ENV = { FLEETSCORE_SCHEDULES: 'yearly=0 0 1 1 *', FLEETSCORE_CATCH_UP: 'none' };

/**
 * The demo sends past hours as fast as ingest takes them: a backfill, so the aggregator runs in
 * replay mode (docs/aggregator.md). A live aggregator would drop them as late: while idle (before
 * the first reading) its watermark follows wall time. Replay closes the windows once the
 * partitions have been idle for 10 s (default 30) and flushes every 2 s.
 */
export const DEMO_AGGREGATOR_ENV = {
  FLEETSCORE_AGGREGATOR_MODE: 'replay',
  FLEETSCORE_IDLE_TIMEOUT_SECONDS: '10',
  FLEETSCORE_FLUSH_SECONDS: '2',
};

/**
 * The demo's two past hours reach ingest as ~1,450 requests within seconds: a backfill by its
 * one API key, which the default rate limit (600 requests a minute per key) would throttle for
 * a minute at a time — and a sender held up past the replay idle timeout ends the replay's
 * windows early, so the readings after the pause would be late.
 */
export const DEMO_INGEST_ENV = { FLEETSCORE_INGEST_RATE_LIMIT: '0' };

/** What a one-class SVM on one sensor's window averages can and cannot see (docs/simulator.md). */
export const KIND_NOTES = [
  'spike: found by the SVM (readings 3–6 range widths outside the normal range)',
  'drift: found only once it has left the normal range; its early part is normal by value',
  'stuck: invisible to an SVM on window values (a constant in-range value is normal); needs a feature across windows (variance, repeats)',
  'precision: the reference parameters (nu 0.0001, gamma 0.01) draw the boundary at the training extremes, and with nu·n < 1 some models stop at one support vector and flag everything; `--nu 0.001 --gamma 0.1` flags under 1 % of normal windows and still finds every spike (docs/demo.md)',
  'dropout: invisible to the SVM (no readings, no windows); shows as missing windows — a sensor silent for a whole run is listed in the completeness report (`silent`)',
];

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the simulated demo; resolves with the process exit code. */
export async function runSimulatedDemo(options: DemoOptions): Promise<number> {
  const began = performance.now();
  const system = await startSystem({
    port: options.port,
    opsPorts: opsPortsOf(options.port),
    env: DEMO_ENV,
    serviceEnv: { aggregator: DEMO_AGGREGATOR_ENV, ingest: DEMO_INGEST_ENV },
    say,
  });
  let ok = false;
  try {
    ok = await demo(system, options, began);
  } finally {
    await stopAfterDemo(system, options.keepRunning, say);
    if (!options.keepRunning) {
      await dropStream(system.env.FLEETSCORE_REDIS_URL as string, system.session.stream).catch(
        (error: Error) => say(`could not remove the session's stream: ${error.message}`),
      );
    }
  }
  return ok ? 0 : 1;
}

async function demo(system: System, options: DemoOptions, began: number): Promise<boolean> {
  const { api, blobs, fleet, session } = system;
  await mkdir(session.dir, { recursive: true });
  const labelsFile = resolve(session.dir, 'labels.ndjson');
  // The last full hour is scored; the hour before it is the clean training hour.
  const hour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const [trainFrom, scoreFrom, scoreTo] = [hour - HOUR, hour, hour + HOUR];
  const iso = (ms: number) => new Date(ms).toISOString();
  const fleetShape = { devices: options.devices, sensors: options.sensors, rate: options.rate };
  const common = { ingestUrl: fleet.urls.ingest, ...fleetShape, duration: '1h' };
  const withKey = fleet.apiKey ? { apiKey: fleet.apiKey } : {};

  say(
    `1/4 simulating ${options.devices} devices × ${options.sensors} sensors at ${options.rate}/s`,
  );
  say(`    clean hour ${iso(trainFrom)}, then the scored hour ${iso(scoreFrom)} with anomalies`);
  const clean = await simulate({
    ...common,
    ...withKey,
    from: new Date(trainFrom),
    seed: options.seed,
    anomalyRate: 0,
  });
  const anomalous = await simulate({
    ...common,
    ...withKey,
    from: new Date(scoreFrom),
    seed: options.seed + 1,
    anomalyRate: options.anomalyRate,
    labels: labelsFile,
  });
  const delivered = clean.delivered + anomalous.delivered;
  say(`    ${delivered} readings delivered; waiting for the aggregator's windows`);
  // Readings of the scored hour's last 5 s fall in windows ending at its end (the next hour).
  const tally = await waitForWindows(
    blobs,
    { fromMs: trainFrom, toMs: scoreTo + HOUR },
    delivered,
    {
      timeoutMs: 600_000,
    },
  );
  say(`    ${tally.windows} windows hold ${tally.readings} readings (${tally.late} late)`);

  const entities: string[] = [];
  for (let d = 1; d <= options.devices; d++) {
    for (let s = 1; s <= options.sensors; s++) entities.push(`${d}/${s}`);
  }
  say('2/4 training one model per sensor on the clean hour (POST /v1/training-runs)');
  const training = await api.post<RunBody>('/v1/training-runs', {
    from: iso(trainFrom),
    to: iso(scoreFrom),
    entities,
    ...(options.nu === undefined && options.gamma === undefined
      ? {}
      : {
          params: {
            ...(options.nu === undefined ? {} : { nu: options.nu }),
            ...(options.gamma === undefined ? {} : { gamma: options.gamma }),
          },
        }),
  });
  const trained = await follow(system, training.id, 'training');
  if (trained.state !== 'succeeded') {
    say(
      `training run ${trained.id} ended ${trained.state}${trained.reason ? `: ${trained.reason}` : ''}`,
    );
    return false;
  }

  say('3/4 scoring the anomalous hour (POST /v1/runs)');
  const runStarted = performance.now();
  const created = await api.post<RunBody>('/v1/runs', { from: iso(scoreFrom), to: iso(scoreTo) });
  const run = await follow(system, created.id, 'scoring');
  const runSeconds = (performance.now() - runStarted) / 1000;

  say('4/4 summary');
  const [report, jobs, rows, labelsText] = await Promise.all([
    runReport(api, run.id),
    runJobs(api, run.id),
    readRunPredictions(blobs, run.id, scoreFrom),
    readFile(labelsFile, 'utf8'),
  ]);
  const labels = labelsText
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AnomalyLabel);
  const result = evaluate(rows, labels, WINDOW_MS);
  const perModel: Record<string, ModelTotals> = {};
  let anomalies = 0;
  const byEntity = (a: { device: string; sensor: string }, b: typeof a) =>
    a.device.localeCompare(b.device, 'en', { numeric: true }) ||
    a.sensor.localeCompare(b.sensor, 'en', { numeric: true });
  for (const row of [...rows].sort(byEntity)) {
    const key = perModelKey(row.device, row.sensor);
    const totals = perModel[key] ?? { rows: 0, anomalies: 0 };
    perModel[key] = totals;
    totals.rows += 1;
    if (row.anomaly) {
      totals.anomalies += 1;
      anomalies += 1;
    }
  }
  const summary: DemoSummary = {
    mode: 'simulated',
    runIds: [run.id],
    sensors: report.entities.filter((e) => e.status === 'scored').length,
    rows: rows.length,
    anomalies,
    perModel,
    precision: result.precision,
    recall: result.recall,
    recallByKind: Object.fromEntries(
      Object.entries(result.byKind).map(([kind, score]) => [kind, score.recall]),
    ),
    seconds: { total: (performance.now() - began) / 1000, run: runSeconds },
    details: {
      devices: options.devices,
      readings: delivered,
      windows: tally.windows,
      jobs: run.jobCount,
      retries: jobs.reduce((sum, job) => sum + Math.max(0, job.attempts - 1), 0),
      deadLetters: report.deadLettered.length,
      runStates: { [training.id]: trained.state, [run.id]: run.state },
      labels: Object.fromEntries(
        Object.entries(result.byKind).map(([kind, score]) => [kind, score.labels]),
      ),
      labelledWindows: Object.fromEntries(
        Object.entries(result.byKind).map(([kind, score]) => [kind, score.windows]),
      ),
      truePositives: result.truePositives,
      falsePositives: result.falsePositives,
      falseNegatives: result.falseNegatives,
      // Normal windows flagged: the price of the model's boundary (docs/demo.md).
      falsePositiveRate:
        rows.length - result.truePositives - result.falseNegatives === 0
          ? null
          : result.falsePositives / (rows.length - result.truePositives - result.falseNegatives),
      trainingParams: trained.params,
      // With the reference's nu = 0.0001 and ~300 windows per sensor, nu·n < 1: libsvm can stop
      // at its starting point (one support vector), a model that flags every window.
      modelsFlaggingNearlyAll: Object.values(perModel).filter(
        (m) => m.rows > 0 && m.anomalies / m.rows > 0.9,
      ).length,
      reportTotals: report.totals,
      silentSensors: report.silent.length,
      notes: KIND_NOTES,
      session: session.id,
      labelsFile,
      predictions: `container ${session.container}: ${runPredictionsPrefix(run.id, scoreFrom)}`,
      logs: `${fleet.logDir}/<service>.log; job logs in container ${session.container}: ${runLogsPrefix(run.id)}`,
      api: api.url,
      dashboard: `${api.url}/`,
    },
  };
  const file = await writeDemoSummary(summary, options.summary);
  process.stdout.write(`\n${formatDemoSummary(summary, file)}\n`);
  return run.state === 'succeeded';
}

/** Waits for a run with progress on stderr; a run that does not end in 15 min is an error. */
async function follow(system: System, runId: string, label: string): Promise<RunBody> {
  const progress = progressReporter(`    ${label} ${runId}`);
  try {
    const run = await waitForRun(system.api, runId, {
      timeoutMs: 900_000,
      onProgress: (r) => {
        const { done, total } = jobProgress(r);
        progress.update(done, total, ENDED_STATES.has(r.state) ? r.state : '');
      },
    });
    return run;
  } finally {
    progress.end();
  }
}
