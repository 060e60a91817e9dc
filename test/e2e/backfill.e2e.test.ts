/**
 * A backfill run of a past hour while the live path keeps running: the four services as
 * processes on the real local stack, a live simulator sending in real time, and a scoring run
 * over an earlier hour requested through the API meanwhile.
 *
 * The past hour's windows come first, through the same HTTP path, with the aggregator in replay
 * mode (a live aggregator drops a past hour as late); then the aggregator is restarted live.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { RunBody } from '@fleetscore/shared';
import { type BlobStore, hourPath, shardOf } from '@fleetscore/shared';
import { readWindows } from '@fleetscore/shared/windows';
import { afterAll, describe, expect, it } from 'vitest';
import { jobProgress, runReport, waitForRun } from '../../deploy/local/demo/api.js';
import { readRunPredictions, sleep, waitForWindows } from '../../deploy/local/demo/blobs.js';
import { dropStream } from '../../deploy/local/demo/cleanup.js';
import { newSession } from '../../deploy/local/demo/session.js';
import { simulate, simulateArgs, spawnCli } from '../../deploy/local/demo/simulate.js';
import { DEMO_AGGREGATOR_ENV, DEMO_ENV } from '../../deploy/local/demo/simulated.js';
import { type System, startSystem } from '../../deploy/local/demo/system.js';
import { freePortBlock } from './ports.js';

const HOUR = 3_600_000;
const DEVICES = 10;
const SENSORS = 2;
const SHARDS = 16;
const iso = (ms: number) => new Date(ms).toISOString();

let system: System | undefined;
let live: ChildProcess | undefined;
afterAll(async () => {
  if (live && live.exitCode === null) {
    live.kill('SIGINT');
    await once(live, 'exit');
  }
  await system?.fleet.stop();
  if (system) await dropStream(system.env.FLEETSCORE_REDIS_URL as string, system.session.stream);
});

/** Distinct live window blobs written so far in the current hour (and the next). */
async function liveWindowBlobs(blobs: BlobStore): Promise<number> {
  let count = 0;
  const now = Date.now();
  for (const hour of [now, now + HOUR]) {
    for await (const _ of blobs.list(hourPath('windows', hour))) count += 1;
  }
  return count;
}

describe('a backfill while the live path runs', () => {
  it('scores the past hour completely, once per window, while live windows keep coming', async () => {
    system = await startSystem({
      port: await freePortBlock(),
      session: newSession('e2e'),
      env: DEMO_ENV,
      serviceEnv: { aggregator: DEMO_AGGREGATOR_ENV },
      logDir: await mkdtemp(resolve(tmpdir(), 'fleetscore-e2e-logs-')),
    });
    const { api, blobs, fleet } = system;
    const key = fleet.apiKey ? { apiKey: fleet.apiKey } : {};
    const past = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
    const shape = { ingestUrl: fleet.urls.ingest, devices: DEVICES, sensors: SENSORS, ...key };

    // A past hour, through HTTP ingest and the replaying aggregator; models trained on it.
    const sent = await simulate({
      ...shape,
      rate: 2,
      seed: 11,
      anomalyRate: 0,
      from: new Date(past),
      duration: '1h',
    });
    await waitForWindows(blobs, { fromMs: past, toMs: past + 2 * HOUR }, sent.delivered, {
      timeoutMs: 120_000,
    });
    const entities = Array.from({ length: DEVICES * SENSORS }, (_, i) => {
      return `${Math.floor(i / SENSORS) + 1}/${(i % SENSORS) + 1}`;
    });
    const training = await api.post<RunBody>('/v1/training-runs', {
      from: iso(past),
      to: iso(past + HOUR),
      entities,
    });
    expect((await waitForRun(api, training.id, { timeoutMs: 120_000 })).state).toBe('succeeded');

    // The live path: aggregator restarted live, a simulator sending in real time.
    await fleet.restart('aggregator', {
      FLEETSCORE_AGGREGATOR_MODE: 'live',
      FLEETSCORE_IDLE_TIMEOUT_SECONDS: '5',
    });
    live = spawnCli(simulateArgs({ ...shape, rate: 20, seed: 12, anomalyRate: 0 }));
    const deadline = Date.now() + 90_000;
    while ((await liveWindowBlobs(blobs)) === 0) {
      expect(Date.now(), 'no live windows within 90 s').toBeLessThan(deadline);
      await sleep(1_000);
    }

    // The backfill, while the live simulator keeps sending.
    const created = await api.post<RunBody>('/v1/runs', { from: iso(past), to: iso(past + HOUR) });
    const backfill = await waitForRun(api, created.id, { timeoutMs: 120_000 });
    expect(backfill.state).toBe('succeeded');
    expect(jobProgress(backfill)).toEqual({ done: backfill.jobCount, total: backfill.jobCount });
    const liveBlobsAtEnd = await liveWindowBlobs(blobs);

    const windows = await readWindows(blobs, {
      from: new Date(past),
      to: new Date(past + HOUR),
      shards: [...new Set(entities.map((e) => shardOf(e.split('/')[0] as string, SHARDS)))],
    });
    const rows = await readRunPredictions(blobs, backfill.id, past);
    const keys = rows.map((r) => `${r.device}/${r.sensor}@${r.endMs}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(
      new Set(windows.map((w) => `${w.device}/${w.sensor}@${Date.parse(w.end)}`)),
    );
    const report = await runReport(api, backfill.id);
    expect(report.entities.map((e) => e.entity).sort()).toEqual([...entities].sort());
    expect(report.entities.every((e) => e.status === 'scored')).toBe(true);
    expect(report.totals.rows).toBe(rows.length);

    // The live path did not stop for the backfill: more live windows after it than before.
    const later = Date.now() + 60_000;
    while ((await liveWindowBlobs(blobs)) <= liveBlobsAtEnd) {
      expect(Date.now(), 'live windows stopped').toBeLessThan(later);
      await sleep(1_000);
    }
    expect(live.exitCode).toBeNull();
  }, 300_000);
});
