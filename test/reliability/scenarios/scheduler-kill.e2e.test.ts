/**
 * Scenario 3: kill -9 the scheduler during a run's fan-out. One job per sensor, so the launch
 * enqueues ~60 jobs; the harness counts the session queue's jobs in Redis while the run is
 * requested, freezes the scheduler (SIGSTOP) once about a third of them are there, reads the
 * count again (frozen: nothing more arrives), kills it (SIGKILL) and restarts it. The run is
 * left `planning` with part of its jobs enqueued; the restarted scheduler's reconciler resumes
 * the launch (services/scheduler/src/runs/launch.ts: every step idempotent), and the run must
 * end with each job enqueued and scored once.
 */

import type { RunBody } from '@fleetscore/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { runJobs } from '../../../deploy/local/demo/api.js';
import { sleep } from '../../../deploy/local/demo/blobs.js';
import {
  check,
  finishRun,
  ingest,
  SCENARIO_TIMEOUT_MS,
  startScoring,
  train,
  workload,
} from '../harness/pipeline.js';
import { enqueuedJobs } from '../harness/redis-probe.js';
import { type ReliabilitySystem, startReliabilitySystem } from '../harness/system.js';
import type { Workload } from '../harness/workload.js';

const SCENARIO = '3-scheduler-kill';
/** Runs requested until one fan-out is caught midway. */
const ATTEMPTS = 3;

let system: ReliabilitySystem | undefined;
afterAll(() => system?.stop(), 120_000);

interface Caught {
  /** Jobs on the queue before the request (the training run's, earlier attempts'). */
  before: number;
  enqueuedAtKill: number;
  /** The requested run, when its POST answered before the kill (a miss). */
  answered?: RunBody;
}

/** Requests a run and kills the scheduler once `threshold` of its jobs are on the queue. */
async function killDuringFanOut(s: ReliabilitySystem, w: Workload, threshold: number) {
  const queue = s.session.queue;
  const before = await enqueuedJobs(s.stack.redis, queue);
  let answered: RunBody | undefined;
  const request = startScoring(s, w).then(
    (run) => (answered = run),
    () => undefined, // the kill cuts the request off: expected
  );
  for (;;) {
    const now = (await enqueuedJobs(s.stack.redis, queue)) - before;
    if (answered !== undefined) return { before, enqueuedAtKill: now, answered } satisfies Caught;
    if (now >= threshold) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const scheduler = s.processes.service('scheduler');
  s.processes.freeze(scheduler);
  await sleep(200); // commands already sent still land; then the count stands still
  const enqueuedAtKill = (await enqueuedJobs(s.stack.redis, queue)) - before;
  await s.processes.killAndRestart('scheduler');
  await request;
  return { before, enqueuedAtKill } satisfies Caught;
}

/** The score runs of the workload's window, by id. */
async function scoreRuns(s: ReliabilitySystem, w: Workload): Promise<RunBody[]> {
  const query = new URLSearchParams({
    from: new Date(w.fromMs).toISOString(),
    to: new Date(w.fromMs + 60_000).toISOString(),
    limit: '100',
  });
  const page = await s.api.get<{ items: RunBody[] }>(`/v1/runs?${query}`);
  return page.items.filter((r) => r.kind === 'score');
}

describe('scenario 3: kill -9 the scheduler during fan-out', () => {
  it(
    'resumes the launch: every job enqueued and scored once, the run succeeds',
    async () => {
      system = await startReliabilitySystem({
        scenario: SCENARIO,
        env: { FLEETSCORE_JOB_SIZE: '1' },
      });
      const s = system;
      const w = workload();
      const sent = await ingest(s, w);
      const modelled = await train(s, w);
      const threshold = Math.floor(modelled.size / 3);
      const notes: string[] = [];
      let caught: (Caught & { run: RunBody }) | undefined;
      for (let attempt = 1; attempt <= ATTEMPTS && caught === undefined; attempt++) {
        const known = new Set((await scoreRuns(s, w)).map((r) => r.id));
        const result = await killDuringFanOut(s, w, threshold);
        if (result.answered !== undefined) {
          notes.push(`attempt ${attempt}: the fan-out finished before ${threshold} jobs were seen`);
          await finishRun(s, result.answered.id);
          continue;
        }
        const [run] = (await scoreRuns(s, w)).filter((r) => !known.has(r.id));
        expect(run, 'the killed launch left no run record').toBeDefined();
        caught = { ...result, run: run as RunBody };
      }
      if (caught === undefined) throw new Error(notes.join('; '));
      const { before, enqueuedAtKill } = caught;
      const run = await finishRun(s, caught.run.id);
      const jobs = await runJobs(s.api, run.id);
      const enqueued = (await enqueuedJobs(s.stack.redis, s.session.queue)) - before;
      notes.push(
        `killed with ${enqueuedAtKill} of ${run.jobCount} jobs enqueued; run was ${caught.run.state} after the restart; ${enqueued} jobs on the queue at the end`,
        `jobs: ${jobs.length} records, attempts ${Math.max(...jobs.map((j) => j.attempts))} at most`,
      );
      const row = await check(s, SCENARIO, { sent, run, modelled, notes });

      expect(enqueuedAtKill).toBeLessThan(run.jobCount);
      expect(enqueued, 'jobs on the queue: each once').toBe(run.jobCount);
      expect(jobs.map((j) => j.index).sort((a, b) => a - b)).toEqual(
        Array.from({ length: run.jobCount }, (_, i) => i),
      );
      expect(jobs.every((j) => j.state === 'succeeded' && j.attempts === 1)).toBe(true);
      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
    },
    SCENARIO_TIMEOUT_MS,
  );
});
