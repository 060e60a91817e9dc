/**
 * Scenario 6, a slow blob store: scorer A reaches Azurite's blob endpoint through a fault
 * proxy adding `latencyMs` to every chunk, so each of its jobs runs far past the 5 s lock.
 *
 * Latency alone does not lose a lock: BullMQ renews it from a timer every lockMs / 2, whatever
 * the handler is waiting for. A job is handed on only when the renewal cannot reach Redis in
 * time, so A's Redis goes through a second proxy, held (a hung connection) until scorer B's
 * stalled-job check has moved one of A's jobs back to `wait` and B has taken it — while A is
 * still working on it, slowly. Then A's Redis resumes and the run finishes. With `handOver:
 * 'after-done'`, A finishes and records its job `succeeded` while its Redis is held, and only
 * then does B start: the queue never heard of the completion and hands the job on all the same.
 *
 * The check: exactly one prediction per (entity, window) across the run's prediction blobs,
 * every job record `succeeded` when the run ended and after, none reopened, the records' and
 * the report's row counts equal to the rows written, every process alive and ready.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type FaultProxy, startFaultProxy } from '@fleetscore/shared/testing';
import { apiClient, runJobs, runReport, waitForRun } from '../../../deploy/local/demo/api.js';
import { type Fleet, startFleet } from '../../../deploy/local/demo/services.js';
import { newSession, type Session } from '../../../deploy/local/demo/session.js';
import { DEMO_ENV } from '../../../deploy/local/demo/simulated.js';
import { freePortBlock } from '../../e2e/ports.js';
import type { Row } from '../invariants.js';
import { blobThroughProxy, redisThroughProxy, stackTargets } from '../proxy/proxied-storage.js';
import {
  dropSessionStorage,
  predictionCounts,
  sessionServiceEnv,
  writeSessionFleet,
} from './slow-blob-fleet.js';
import { handoverRow } from './slow-blob-row.js';
import { until } from './slow-blob-until.js';

export interface SlowBlobOptions {
  /** Sensors (five per device). Default 20. */
  sensors?: number;
  /**
   * When scorer B is handed A's jobs: `while-scoring` (default) — A is still scoring them (its
   * blob traffic is slow enough that a job outlives the hand-over: lock + up to two stalled
   * checks, 10–15 s); `after-done` — A has finished and recorded them `succeeded` in the
   * ledger, but its completion never reached the queue (B starts only then).
   */
  handOver?: 'while-scoring' | 'after-done';
  /** Latency added to every chunk of A's blob traffic, ms. Default 3,000, or 500 `after-done`. */
  latencyMs?: number;
  /** The row's scenario name; default `6 slow blob store, lock lost`. */
  scenario?: string;
  /** Logs of the services; default `.fleetscore/logs/<session>`. */
  logDir?: string;
  say?: (line: string) => void;
}

export interface SlowBlobResult {
  row: Row;
  session: Session;
  /** Jobs delivered more than once (their records' `attempts` ≥ 2). */
  redelivered: number;
  /** Jobs of scorer A that scorer B was handed (taken over, or acknowledged as done). */
  handedOver: number;
}

const HOUR_MS = 3_600_000;
const SCORER_ENV = {
  FLEETSCORE_LOCK_SECONDS: '5',
  FLEETSCORE_SCORER_CONCURRENCY: '2',
  FLEETSCORE_SCORER_THREADS: '0',
};

export async function slowBlobScenario(options: SlowBlobOptions = {}): Promise<SlowBlobResult> {
  const say = options.say ?? (() => {});
  const handOver = options.handOver ?? 'while-scoring';
  const latencyMs = options.latencyMs ?? (handOver === 'after-done' ? 500 : 3_000);
  const session = newSession('slowblob');
  const hourMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
  const fleet = await writeSessionFleet(session, options.sensors ?? 20, hourMs);
  const env = { ...sessionServiceEnv(session), ...DEMO_ENV };
  const logDir = options.logDir ?? `.fleetscore/logs/${session.id}`;
  const port = await freePortBlock(4);
  const targets = stackTargets();
  const proxies: FaultProxy[] = [];
  const fleets: Fleet[] = [];
  try {
    const blobProxy = await startFaultProxy({ target: targets.blob });
    const redisProxy = await startFaultProxy({ target: targets.redis });
    proxies.push(blobProxy, redisProxy);
    const main = await startFleet({
      env,
      services: ['scheduler'],
      ports: { scheduler: port },
      serviceEnv: {
        scheduler: { FLEETSCORE_JOB_SIZE: '2', FLEETSCORE_RECONCILE_SECONDS: '1' },
      },
      logDir,
      say,
    });
    fleets.push(main);
    const scorerA = await startScorer(fleets, 'a', port + 1, logDir, {
      ...env,
      FLEETSCORE_STORAGE_CONNECTION_STRING: blobThroughProxy(blobProxy),
      FLEETSCORE_REDIS_URL: redisThroughProxy(redisProxy),
    });
    const workerA = workerOf(scorerA);
    blobProxy.latency({ fixedMs: latencyMs, jitterMs: 100 });

    const api = apiClient(main.urls.api, main.apiHeaders);
    const from = new Date(hourMs).toISOString();
    const to = new Date(hourMs + HOUR_MS).toISOString();
    const run = await api.post<{ id: string }>('/v1/runs', { from, to, trigger: 'api' });
    say(`run ${run.id}; waiting for scorer A (${workerA}) to hold a job`);
    const held = await until('scorer A running a job', 60_000, async () => {
      const jobs = await runJobs(api, run.id);
      return jobs
        .filter((j) => j.state === 'running' && j.workerId === workerA)
        .map((j) => j.index);
    });

    redisProxy.hold();
    say(`A holds jobs ${held.join(', ')}; its Redis is held`);
    if (handOver === 'after-done') {
      // A finishes without Redis (ledger and blobs only); the queue never hears of it.
      await until('scorer A recording its jobs succeeded', 60_000, async () => {
        const jobs = await runJobs(api, run.id);
        const done = jobs.filter((j) => held.includes(j.index) && j.state === 'succeeded');
        return done.length === held.length ? done : [];
      });
      say('A recorded its jobs succeeded; scorer B starts');
    }
    const scorerB = await startScorer(fleets, 'b', port + 2, logDir, env);
    const workerB = workerOf(scorerB);
    // While scoring, B's takeover shows in the job record (B reopens it as `running`); after A
    // succeeded, B must leave the record alone: its own log says it acknowledged a finished job.
    const takenOver =
      handOver === 'after-done'
        ? await until('scorer B receiving a job A had finished', 90_000, () =>
            acknowledgedAsDone(scorerB, run.id, held),
          )
        : await until('scorer B taking over a job of A', 90_000, async () => {
            const jobs = await runJobs(api, run.id);
            return jobs
              .filter((j) => held.includes(j.index) && j.workerId === workerB)
              .map((j) => j.index);
          });
    say(`B took over jobs ${takenOver.join(', ')}; A's Redis resumes`);
    redisProxy.resume();

    const ended = await waitForRun(api, run.id, { timeoutMs: 120_000 });
    const jobsAtEnd = await runJobs(api, run.id);
    // A delivery still under way after the run ended shows as a record not `succeeded`; wait
    // for the queue to go quiet so the final records are judged too.
    const jobsSettled = await until('every job record settled', 60_000, async () => {
      const jobs = await runJobs(api, run.id);
      return jobs.some((j) => j.state === 'running' || j.state === 'queued') ? [] : [jobs];
    }).then(([jobs]) => jobs ?? []);
    blobProxy.passThrough();
    const [report, counts] = await Promise.all([
      runReport(api, run.id),
      predictionCounts(session, run.id, hourMs),
    ]);
    const ready = await Promise.all(fleets.map(readyz));
    const redelivered = jobsSettled.filter((j) => j.attempts >= 2).length;
    const row = handoverRow({
      scenario: options.scenario ?? '6 slow blob store, lock lost',
      run: { id: run.id, state: ended.state, fromMs: hourMs, toMs: hourMs + HOUR_MS },
      windowKeys: fleet.windowKeys,
      modelled: new Set(fleet.sensors.map((s) => `${s.device}/${s.sensor}`)),
      predictionCounts: counts,
      jobsAtEnd,
      jobsSettled,
      rerunAfterSuccess:
        handOver === 'after-done'
          ? jobsSettled
              .filter((j) => held.includes(j.index) && j.workerId === workerB)
              .map((j) => j.index)
          : [],
      report,
      unexpectedExits: fleets.flatMap((f) =>
        f.services.filter((s) => s.child.exitCode !== null).map((s) => s.name),
      ),
      notReady: fleets.filter((_, i) => !ready[i]).map((f) => f.services[0]?.name ?? '?'),
      notes: [
        `windows written directly (${fleet.sensors.length} sensors × 1 h), no readings sent`,
        `scorer A's blob traffic +${latencyMs} ms per chunk; its Redis held until B took over jobs ${takenOver.join(', ')}`,
        `${redelivered} of ${jobsSettled.length} jobs delivered more than once`,
      ],
    });
    return { row, session, redelivered, handedOver: takenOver.length };
  } finally {
    for (const f of fleets.reverse()) await f.stop(10_000);
    for (const p of proxies) await p.close();
    await dropSessionStorage(session);
  }
}

/** Jobs of `held` that scorer B acknowledged as already succeeded (its log's pino lines). */
async function acknowledgedAsDone(
  scorer: Fleet,
  runId: string,
  held: readonly number[],
): Promise<number[]> {
  const file = scorer.services[0]?.logFile;
  if (file === undefined) return [];
  const text = await readFile(file, 'utf8').catch(() => '');
  const acknowledged = new Set<number>();
  for (const line of text.split('\n')) {
    if (!line.includes('job already ended')) continue;
    const job = (JSON.parse(line) as { job?: string }).job ?? '';
    const index = Number(job.slice(runId.length + 1));
    if (job.startsWith(`${runId}/`) && held.includes(index)) acknowledged.add(index);
  }
  return [...acknowledged];
}

/** One scorer process of its own (a fleet of one), registered in `fleets` for the cleanup. */
async function startScorer(
  fleets: Fleet[],
  name: string,
  port: number,
  logDir: string,
  env: Record<string, string>,
): Promise<Fleet> {
  const fleet = await startFleet({
    env,
    services: ['scorer'],
    ports: { scorer: port },
    serviceEnv: { scorer: SCORER_ENV },
    logDir: `${logDir}/scorer-${name}`,
    apiKey: false,
  });
  fleets.push(fleet);
  return fleet;
}

/** The scorer's `workerId` in job records: `host:pid`. */
function workerOf(fleet: Fleet): string {
  return `${hostname()}:${fleet.services[0]?.child.pid}`;
}

/** The fleet's one service answers `/readyz` with 200. */
async function readyz(fleet: Fleet): Promise<boolean> {
  const service = fleet.services[0];
  if (!service) return false;
  const response = await fetch(`http://127.0.0.1:${service.opsPort}/readyz`).catch(() => undefined);
  return response?.status === 200;
}
