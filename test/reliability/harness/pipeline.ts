/**
 * The steps every scenario shares: send the workload through ingest and wait until the
 * aggregator has windowed it, train one model per sensor, start the scoring run, and at the end
 * gather what was written, check the invariants and record the table row. A scenario injects
 * its fault between (or during) these steps.
 */

import type { RunBody } from '@fleetscore/shared';
import { runJobs, waitForRun } from '../../../deploy/local/demo/api.js';
import { sleep, waitForWindows } from '../../../deploy/local/demo/blobs.js';
import { evaluate, type Row } from '../invariants.js';
import { formatTable, saveRow } from '../table.js';
import { gather, trainedEntities } from './observe.js';
import { type ReliabilitySystem, startReliabilitySystem } from './system.js';
import {
  entitiesOf,
  readingsOf,
  type SendOptions,
  type SendResult,
  sendReadings,
  type Workload,
} from './workload.js';

const HOUR = 3_600_000;
const WINDOW_MS = 5_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** `FLEETSCORE_RELIABILITY_SIZE=full` (`pnpm reliability --full`), else the CI size. */
export const SIZE = process.env.FLEETSCORE_RELIABILITY_SIZE === 'full' ? 'full' : 'ci';
/** Deadlines grow with the workload. */
const SCALE = SIZE === 'full' ? 5 : 1;
/** A scenario's own time limit, ms (vitest's per-test timeout). */
export const SCENARIO_TIMEOUT_MS = 600_000 * SCALE;

/**
 * CI: 50 sensors × 10 minutes of event time, one reading per sensor every 5 s (6,000 readings,
 * 6,000 windows). Full: 500 sensors × one hour (360,000 readings).
 */
export function workload(now = Date.now()): Workload {
  // A past hour (the aggregator replays it), far enough back that nothing live overlaps.
  const fromMs = Math.floor(now / HOUR) * HOUR - 3 * HOUR;
  return SIZE === 'full'
    ? { devices: 100, sensors: 5, stepMs: 5_000, fromMs, toMs: fromMs + HOUR }
    : { devices: 25, sensors: 2, stepMs: 5_000, fromMs, toMs: fromMs + 10 * 60_000 };
}

/** The same fleet over the span right after `w` (readings sent during a fault, not scored). */
export const nextSpan = (w: Workload): Workload => ({
  ...w,
  fromMs: w.toMs,
  toMs: w.toMs + (w.toMs - w.fromMs),
});

/** Both sends as one: every reading, and the retries of both. */
export const joinSends = (a: SendResult, b: SendResult): SendResult => ({
  readings: [...a.readings, ...b.readings],
  retries: a.retries + b.retries,
  refusals: Object.fromEntries(
    [...new Set([...Object.keys(a.refusals), ...Object.keys(b.refusals)])].map((k) => [
      k,
      (a.refusals[k] ?? 0) + (b.refusals[k] ?? 0),
    ]),
  ),
});

/** Sends the workload through ingest; resolves once every accepted reading is windowed. */
export async function ingest(
  system: ReliabilitySystem,
  w: Workload,
  options: Partial<SendOptions> = {},
): Promise<SendResult> {
  const sent = await sendReadings(readingsOf(w), {
    ingestUrl: system.ingestUrl,
    ...(system.apiKey ? { apiKey: system.apiKey } : {}),
    ...options,
  });
  await settle(system, w, sent);
  return sent;
}

/** Waits until the windows and the late audit account for every accepted reading. */
export async function settle(system: ReliabilitySystem, w: Workload, sent: SendResult) {
  const accepted = sent.readings.filter((r) => r.accepted).length;
  await waitForWindows(system.blobs, { fromMs: w.fromMs, toMs: w.toMs + HOUR }, accepted, {
    timeoutMs: 240_000 * SCALE,
  });
}

/** One model per sensor, trained on the workload's own span; the entities with a model. */
export async function train(system: ReliabilitySystem, w: Workload): Promise<Set<string>> {
  const created = await system.api.post<RunBody>('/v1/training-runs', {
    from: iso(w.fromMs),
    to: iso(w.toMs),
    entities: entitiesOf(w),
  });
  const run = await waitForRun(system.api, created.id, { timeoutMs: 240_000 * SCALE });
  if (run.state !== 'succeeded') throw new Error(`training run ${run.id} ended ${run.state}`);
  return trainedEntities(system, run.id);
}

/** Requests the scoring run of the workload's span (every modelled sensor); its record. */
export const startScoring = (system: ReliabilitySystem, w: Workload) =>
  system.api.post<RunBody>('/v1/runs', { from: iso(w.fromMs), to: iso(w.toMs) });

/** Resolves once `n` of the run's jobs have succeeded (the run is under way, not done). */
export async function untilJobsSucceeded(system: ReliabilitySystem, runId: string, n: number) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const jobs = await runJobs(system.api, runId);
    const done = jobs.filter((j) => j.state === 'succeeded').length;
    if (done >= n) return { done, total: jobs.length };
    if (Date.now() > deadline) throw new Error(`run ${runId}: ${done} of ${n} jobs within 120 s`);
    await sleep(100);
  }
}

export const finishRun = (system: ReliabilitySystem, runId: string, timeoutMs = 300_000 * SCALE) =>
  waitForRun(system.api, runId, { timeoutMs });

/** Gathers the outputs, checks the invariants, saves and prints the row. */
export async function check(
  system: ReliabilitySystem,
  scenario: string,
  input: { sent: SendResult; run: RunBody; modelled: Set<string>; notes?: string[] },
): Promise<Row> {
  const g = await gather(system, input.run);
  const { retries, refusals } = input.sent;
  const refused = Object.entries(refusals).map(([status, n]) => `${n}× ${status}`);
  const retried =
    retries > 0 ? [`ingest retries: ${retries} (answers: ${refused.join(', ')})`] : [];
  const row = evaluate({
    scenario,
    windowMs: WINDOW_MS,
    run: {
      id: input.run.id,
      state: input.run.state,
      fromMs: Date.parse(input.run.from),
      toMs: Date.parse(input.run.to),
    },
    readings: input.sent.readings,
    modelled: input.modelled,
    ...g,
    notes: [...(input.notes ?? []), ...retried, `kills: ${system.processes.kills}`],
  });
  saveRow({ ...row, size: SIZE, at: new Date().toISOString() });
  console.log(`${formatTable([row])}\n`);
  return row;
}

/**
 * The common opening of the scenarios that break a backing service mid-run (4a, 4b, 5): the
 * system (handed to `onSystem` first, so the caller can stop it whatever fails next), a span of
 * readings ingested and trained on, and a scoring run (two sensors per job) with `jobsDone` of
 * its jobs succeeded — the moment the fault is injected.
 */
export async function runUnderWay(
  scenario: string,
  onSystem: (system: ReliabilitySystem) => void,
  jobsDone = 2,
) {
  const system = await startReliabilitySystem({
    scenario,
    env: { FLEETSCORE_JOB_SIZE: '2' },
  });
  onSystem(system);
  const w = workload();
  const first = await ingest(system, w);
  const modelled = await train(system, w);
  const created = await startScoring(system, w);
  const progress = await untilJobsSucceeded(system, created.id, jobsDone);
  return { s: system, w, first, modelled, created, progress };
}
