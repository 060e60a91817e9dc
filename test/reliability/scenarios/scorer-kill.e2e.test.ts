/**
 * Scenario 1: kill -9 a scorer mid-job, several times during one run. Two scorers share the
 * queue; whenever the ledger shows a job running on one of them, that process is frozen
 * (SIGSTOP, so the job cannot finish meanwhile), the job's state is read again to confirm it is
 * still mid-job, and the process is killed (SIGKILL) and restarted once. Its job's lock expires
 * and the job is delivered again; it must write its predictions exactly once.
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
import { type ReliabilitySystem, startReliabilitySystem } from '../harness/system.js';

const SCENARIO = '1-scorer-kill';
/** Kills during the run (each one mid-job); the run has ~30 jobs for the CI size. */
const KILLS = 3;

let system: ReliabilitySystem | undefined;
afterAll(() => system?.stop(), 120_000);

/** Kills a scorer each time a job is seen running on it, until `KILLS` or the run ends. */
async function killScorersMidJob(s: ReliabilitySystem, runId: string, deadline: number) {
  const notes: string[] = [];
  const killed = new Set<number>();
  while (notes.length < KILLS && Date.now() < deadline) {
    const run = await s.api.get<RunBody>(`/v1/runs/${runId}`);
    if (run.state !== 'running' && run.state !== 'planning') break;
    const scorers = s.processes.all().filter(({ service }) => service.name === 'scorer');
    const jobs = await runJobs(s.api, runId);
    const target = jobs
      .filter((job) => job.state === 'running')
      .map((job) => ({
        job,
        scorer: scorers.find(({ service }) => job.workerId?.endsWith(`:${service.child.pid}`)),
      }))
      .filter((t) => t.scorer !== undefined)
      // A job killed before is taken again only if no other is running (its attempts are few).
      .sort((a, b) => Number(killed.has(a.job.index)) - Number(killed.has(b.job.index)))[0];
    if (target?.scorer === undefined) {
      await sleep(50);
      continue;
    }
    const { service, replica } = target.scorer;
    s.processes.freeze(service);
    const index = target.job.index;
    killed.add(index);
    const still = (await runJobs(s.api, runId)).find((j) => j.index === index);
    await s.processes.killAndRestart('scorer', replica);
    notes.push(
      `killed scorer#${replica} during job ${index} (ledger at the kill: ${still?.state}, attempt ${still?.attempts})`,
    );
  }
  return notes;
}

describe('scenario 1: kill -9 a scorer mid-job, several times in one run', () => {
  it(
    'scores every (entity, window) exactly once and the run succeeds',
    async () => {
      system = await startReliabilitySystem({
        scenario: SCENARIO,
        scorers: 2,
        env: { FLEETSCORE_JOB_SIZE: '2' },
      });
      const w = workload();
      const sent = await ingest(system, w);
      const modelled = await train(system, w);
      const created = await startScoring(system, w);
      const notes = await killScorersMidJob(system, created.id, Date.now() + 180_000);
      const run = await finishRun(system, created.id);
      const row = await check(system, SCENARIO, { sent, run, modelled, notes });

      expect(notes.length, 'no job was caught running').toBeGreaterThan(0);
      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
      expect(row.predictionsWritten).toBe(row.predictionsExpected);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
