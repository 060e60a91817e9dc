import { entityKey, runId as makeRunId, shardOf } from '@fleetscore/shared';
import type { JobRecord } from '@fleetscore/shared/ledger';
import {
  devStorageConnectionString,
  devStorageEndpoints,
  type FaultProxy,
  startFaultProxy,
  testStack,
} from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  HOUR,
  NEXT_HOUR,
  parseCsv,
  SHARDS,
  scoreRun,
  scorerHarness,
  sensorsOf,
  sensorWindows,
} from './scorer.test-helper.js';
import { type ScorerProcess, startScorerProcess } from './scorer-process.test-helper.js';

let harness: Harness;
const processes: ScorerProcess[] = [];
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  await harness?.cleanup();
});

/** A run with one job per sensor (K = 1, the reference's granularity): many short jobs. */
async function manyJobs(h: Harness, devices: number) {
  const sensors = sensorsOf(devices, 2);
  await h.writeWindows(sensorWindows(sensors));
  const versions = await h.registerModels(sensors);
  const runId = makeRunId('api', new Date(HOUR), Math.random().toString(36).slice(2, 10));
  const jobs = sensors.map((sensor, jobIndex) => ({
    kind: 'score' as const,
    runId,
    jobIndex,
    from: HOUR,
    to: NEXT_HOUR,
    shard: shardOf(sensor.device, SHARDS),
    entities: [{ entity: entityKey(sensor), version: versions.get(entityKey(sensor))! }],
    reportUnmodelled: false,
  }));
  await h.plan(scoreRun(runId), jobs);
  return { runId, jobs };
}

async function poll<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const runningBy = (jobs: JobRecord[], workerId: string) =>
  jobs.find((j) => j.state === 'running' && j.workerId === workerId);

describe('scorer process', () => {
  it('SIGTERM stops intake, lets the running job finish and exits 0', async () => {
    harness = await scorerHarness();
    const { runId } = await manyJobs(harness, 10);
    const scorer = await startScorerProcess(harness);
    processes.push(scorer);
    const running = await poll('a running job', async () =>
      runningBy(await harness.ledger.listJobs(runId), scorer.workerId),
    );
    scorer.child.kill('SIGTERM');
    expect(await scorer.exited).toBe(0);
    expect(scorer.output()).toMatch(/shutting down \(SIGTERM\)/);
    expect(scorer.output()).not.toContain('V8 heap limit');

    const jobs = await harness.ledger.listJobs(runId);
    // The job in hand was finished, not abandoned; no job was left half done or failed.
    expect(jobs[running.index]!.state).toBe('succeeded');
    expect(jobs.every((j) => j.state === 'succeeded' || j.state === 'queued')).toBe(true);
    // Intake stopped: jobs not yet taken stay on the queue for another scorer.
    expect(jobs.filter((j) => j.state === 'queued').length).toBeGreaterThan(0);
  }, 120_000);

  it('SIGTERM past the old 25 s deadline: the job in hand goes back at the drain deadline, exit 0, no attempt spent', async () => {
    harness = await scorerHarness();
    // The scorer reaches blobs through a proxy that will hang (tables direct), so the job it
    // takes can never finish: only the drain deadline ends it.
    const endpoints = devStorageEndpoints(testStack().storageConnectionString);
    proxy = await startFaultProxy({
      target: { host: endpoints.blob.hostname, port: Number(endpoints.blob.port) },
    });
    const scorer = await startScorerProcess(harness, {
      FLEETSCORE_STORAGE_CONNECTION_STRING: devStorageConnectionString(
        `http://127.0.0.1:${proxy.port}`,
        endpoints.table.origin,
      ),
      // Longer than the 25 s every process used to allow itself whatever its drain.
      FLEETSCORE_DRAIN_SECONDS: '26',
    });
    processes.push(scorer);
    await poll('the scorer started', async () =>
      scorer.output().includes('scorer health and /metrics on') ? true : undefined,
    );
    proxy.hold();
    const { runId } = await manyJobs(harness, 1);
    const held = await poll('a running job', async () =>
      runningBy(await harness.ledger.listJobs(runId), scorer.workerId),
    );

    scorer.child.kill('SIGTERM');
    expect(await scorer.exited).toBe(0);
    expect(scorer.output()).not.toMatch(/shutdown exceeded/);

    // Handed back, not left locked: a scorer with working storage finishes every job, the
    // held one on attempt 1 (it was handed back, not failed or expired).
    const survivor = await startScorerProcess(harness);
    processes.push(survivor);
    const done = await poll(
      'every job succeeded',
      async () => {
        const records = await harness.ledger.listJobs(runId);
        return records.every((r) => r.state === 'succeeded') ? records : undefined;
      },
      60_000,
    );
    expect(done[held.index]).toMatchObject({ attempts: 1, workerId: survivor.workerId });
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 150_000);

  it("warns at start when the heap limit is far above the scorer's cap", async () => {
    harness = await scorerHarness();
    // An operator's own NODE_OPTIONS cap is kept (no flag added): here a generous one.
    const scorer = await startScorerProcess(harness, {
      NODE_OPTIONS: '--max-old-space-size=2048',
    });
    processes.push(scorer);
    await poll('the scorer started', async () =>
      scorer.output().includes('scorer consuming') ? true : undefined,
    );
    expect(scorer.output()).toMatch(/V8 heap limit is 2\d{3} MiB/);
    scorer.child.kill('SIGTERM');
    expect(await scorer.exited).toBe(0);
  }, 60_000);

  it('kill -9 mid-job loses nothing and duplicates nothing', async () => {
    harness = await scorerHarness();
    const { runId, jobs } = await manyJobs(harness, 10);
    // Kill a scorer while a job is in hand: its record says `running` by that process after
    // the kill. A kill that lands between two jobs proves nothing, so then try again.
    let victim: JobRecord | undefined;
    for (let tries = 0; victim === undefined && tries < 5; tries += 1) {
      const doomed = await startScorerProcess(harness);
      processes.push(doomed);
      await poll('a running job', async () =>
        runningBy(await harness.ledger.listJobs(runId), doomed.workerId),
      );
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      victim = runningBy(await harness.ledger.listJobs(runId), doomed.workerId);
    }
    expect(victim).toBeDefined();

    // Another scorer takes over; the killed job comes back once its lock expires.
    const survivor = await startScorerProcess(harness);
    processes.push(survivor);
    const done = await poll(
      'every job succeeded',
      async () => {
        const records = await harness.ledger.listJobs(runId);
        return records.every((r) => r.state === 'succeeded') ? records : undefined;
      },
      90_000,
    );
    const again = done[victim!.index]!;
    expect(again.attempts).toBeGreaterThanOrEqual(2);
    expect(again.workerId).toBe(survivor.workerId);

    // Exactly one prediction blob per job and one prediction per (entity, window).
    const names = await harness.names('predictions/');
    expect(names).toHaveLength(jobs.length);
    const seen = new Set<string>();
    for (const name of names) {
      for (const p of parseCsv(await harness.text(name))) seen.add(`${p.TS},${p.Device},${p.Tag}`);
    }
    expect(seen.size).toBe(jobs.length * 720);
    const rows = (await Promise.all(names.map((n) => harness.text(n)))).map(
      (t) => parseCsv(t).length,
    );
    expect(rows.every((n) => n === 720)).toBe(true);

    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 180_000);
});
