/**
 * `pnpm demo --reference`: the reference solution's own material through the whole system.
 * With the four services running as processes (`startFleet`), it
 *   1. loads sensor_data.csv into the window blob layout (`fleetscore windows load`: the file
 *      already is Stream Analytics output, one row per 5-second window);
 *   2. registers the 15 pickles (`fleetscore models import-dir`: converted, never executed);
 *   3. triggers one scoring run per UTC hour of the data through the REST API, as the
 *      reference's hourly schedule would, and waits for them all;
 *   4. sums the runs' completeness reports per model (`<device>_<tag>`) and in total and, when
 *      the data and pickles are the reference's own (by SHA-256), compares them with what
 *      scikit-learn gives (test/fixtures/reference/expected.json, from gen_reference.py).
 *
 * Use: `process.exitCode = await runReferenceDemo(parseDemoArgs(argv))` (deploy/local/demo.ts),
 * or on services the caller started and stops: `await referenceDemo(fleet, env, { say })`.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hoursBetween, type RunBody } from '@fleetscore/shared';
import { apiClient, runJobs, runReport, waitForRun } from './api.js';
import type { DemoOptions } from './options.js';
import { progressReporter } from './progress.js';
import {
  compareWithExpected,
  type ExpectedNumbers,
  type Found,
  isReferenceMaterial,
  sumReports,
} from './reference-compare.js';
import { type Fleet, repoRoot } from './services.js';
import { newSession } from './session.js';
import { DEMO_ENV } from './simulated.js';
import { type DemoSummary, formatDemoSummary, writeDemoSummary } from './summary.js';
import { opsPortsOf, startSystem, stopAfterDemo } from './system.js';

export const REFERENCE_DIR = resolve(repoRoot, '../shared/reference');
export const EXPECTED_FILE = resolve(repoRoot, 'test/fixtures/reference/expected.json');
const HOUR_MS = 3_600_000;

export interface ReferenceOptions {
  /** Windows CSV `TS,Device,Tag,Value`; default the reference's sensor_data.csv. */
  data?: string;
  /** Folder of `model_{device}_{tag}` files; default the reference's models/. */
  models?: string;
  /** Default test/fixtures/reference/expected.json. */
  expectedFile?: string;
  /** Longest wait for all runs, ms. Default 600,000. */
  runTimeoutMs?: number;
  /** Progress lines (stderr in the demo); default none. */
  say?: (line: string) => void;
}

export interface ReferenceResult {
  /** 0 only if every run succeeded and, on the reference's material, the numbers are equal. */
  exitCode: number;
  summary: DemoSummary;
  found: Found;
  /** Differences from scikit-learn; undefined when the material is not the reference's. */
  differences?: string[];
}

/**
 * `pnpm demo --reference`: the stack (started if down) and the four services in a session of
 * their own (`ref-…` names), the reference path, the summary on stdout and as JSON; then the
 * services stop (with `--keep-running`, after Ctrl-C). Resolves with the exit code.
 */
export async function runReferenceDemo(
  options: DemoOptions,
  limits: Pick<ReferenceOptions, 'runTimeoutMs'> = {},
): Promise<number> {
  const began = performance.now();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const system = await startSystem({
    port: options.port,
    opsPorts: opsPortsOf(options.port),
    session: newSession('ref'),
    env: DEMO_ENV,
    say,
  });
  try {
    const result = await referenceDemo(system.fleet, system.env, {
      ...(options.data ? { data: options.data } : {}),
      ...(options.models ? { models: options.models } : {}),
      ...limits,
      say,
    });
    result.summary.seconds.total = (performance.now() - began) / 1000;
    result.summary.details = { ...result.summary.details!, session: system.session.id };
    const file = await writeDemoSummary(result.summary, options.summary);
    process.stdout.write(`\n${formatDemoSummary(result.summary, file)}\n`);
    return result.exitCode;
  } finally {
    await stopAfterDemo(system, options.keepRunning, say);
  }
}

/**
 * The reference path on running services (the caller stops them); `env` is what they were
 * started with, so that the CLI writes where they read.
 */
export async function referenceDemo(
  fleet: Fleet,
  env: Record<string, string>,
  options: ReferenceOptions = {},
): Promise<ReferenceResult> {
  const started = performance.now();
  const api = apiClient(fleet.urls.api, fleet.apiHeaders);
  const container = env.FLEETSCORE_BLOB_CONTAINER ?? 'fleetscore';
  const say = options.say ?? (() => {});
  const data = options.data ?? resolve(REFERENCE_DIR, 'sensor_data.csv');
  const models = options.models ?? resolve(REFERENCE_DIR, 'models');
  const cliEnv = { ...env, ...fleet.cliEnv };

  say(`$ fleetscore windows load --csv ${data}`);
  const loaded = JSON.parse(
    await fleetscore(cliEnv, say, 'windows', 'load', '--csv', data, '--json'),
  ) as {
    windows: number;
    from?: string;
    to?: string;
  };
  if (loaded.from === undefined || loaded.to === undefined)
    throw new Error(`${data} holds no windows`);
  say(`$ fleetscore models import-dir ${models}`);
  await fleetscore(cliEnv, say, 'models', 'import-dir', models);

  // One run per UTC hour holding a window end: [H, H+1h) of window ends, like an hourly tick.
  const hours = hoursBetween(Date.parse(loaded.from), Date.parse(loaded.to) + 1);
  const runStarted = performance.now();
  const runs: RunBody[] = [];
  for (const hour of hours) {
    const range = { from: iso(hour), to: iso(hour + HOUR_MS), trigger: 'api' };
    runs.push(await api.post<RunBody>('/v1/runs', range));
  }
  say(`triggered ${runs.length} hourly runs: ${runs.map((r) => r.id).join(', ')}`);
  const bar = progressReporter('scoring');
  const latest = new Map<string, RunBody>();
  const ended = await Promise.all(
    runs.map((run) =>
      waitForRun(api, run.id, {
        timeoutMs: options.runTimeoutMs ?? 600_000,
        onProgress: (now) => {
          latest.set(now.id, now);
          const all = [...latest.values()];
          const total = all.reduce((n, r) => n + r.jobCount, 0);
          const open = all.reduce(
            (n, r) =>
              n +
              (r.jobStates.queued ?? 0) +
              (r.jobStates.running ?? 0) +
              (r.jobStates.failed ?? 0),
            0,
          );
          bar.update(total - open, total, `(${all.length}/${runs.length} runs seen)`);
        },
      }),
    ),
  );
  bar.end();
  const runSeconds = (performance.now() - runStarted) / 1000;
  const reports = await Promise.all(ended.map((run) => runReport(api, run.id)));
  const jobs = (await Promise.all(ended.map((run) => runJobs(api, run.id)))).flat();
  const found = sumReports(reports);

  const expected = JSON.parse(
    await readFile(options.expectedFile ?? EXPECTED_FILE, 'utf8'),
  ) as ExpectedNumbers;
  const reference = await isReferenceMaterial(data, models, expected);
  const differences = reference ? compareWithExpected(found, expected) : undefined;
  const allSucceeded = ended.every((run) => run.state === 'succeeded');
  const notes = [
    differences === undefined
      ? 'not the reference material (SHA-256 differs): no comparison with scikit-learn'
      : differences.length === 0
        ? 'equal to scikit-learn (per model, per hour and in total)'
        : `differs from scikit-learn: ${differences.join('; ')}`,
  ];
  const summary: DemoSummary = {
    mode: 'reference',
    runIds: ended.map((run) => run.id),
    sensors: Object.values(found.perModel).filter((m) => m.rows > 0).length,
    rows: found.total.rows,
    anomalies: found.total.anomalies,
    perModel: found.perModel,
    precision: null,
    recall: null,
    recallByKind: {},
    seconds: { total: (performance.now() - started) / 1000, run: runSeconds },
    details: {
      windows: loaded.windows,
      jobs: jobs.length,
      retries: jobs.reduce((n, job) => n + Math.max(0, job.attempts - 1), 0),
      deadLetters: reports.reduce((n, report) => n + report.deadLettered.length, 0),
      runStates: Object.fromEntries(ended.map((run) => [run.id, run.state])),
      notes,
      predictions: `container ${container}: predictions/{yyyy}/{MM}/{dd}/{HH}/run={runId}/`,
      logs: `${fleet.logDir}/<service>.log; job logs in container ${container}: logs/run={runId}/`,
      api: api.url,
      dashboard: `${api.url}/`,
      comparedWithSklearn: differences !== undefined,
      perHour: found.perHour,
    },
  };
  say(notes[0]!);
  const equal = differences === undefined || differences.length === 0;
  return {
    exitCode: allSucceeded && equal ? 0 : 1,
    summary,
    found,
    ...(differences ? { differences } : {}),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs the `fleetscore` CLI from source as its own process; resolves with its stdout. */
function fleetscore(env: Record<string, string>, say: (line: string) => void, ...args: string[]) {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts', ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) say(`  ${line}`);
  });
  return new Promise<string>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0
        ? done(stdout)
        : fail(
            new Error(
              `fleetscore ${args.slice(0, 2).join(' ')} exited ${code}: ${stderr.trim().slice(-2000)}`,
            ),
          ),
    );
  });
}
