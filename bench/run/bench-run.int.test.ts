// Smoke test of `pnpm bench:run`'s code path on the real stack, at a tiny size: the run is
// planned, scored by real scorer processes and ended by the reconciler, and the figures the
// bench prints are the ones the stack produced. Nothing about speed is asserted.
import { HOUR_MS } from '@fleetscore/shared';
import { testStack } from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { agrees } from '../floor/agreement.js';
import { countBlobRequests } from './blob-requests.js';
import { blobOps } from './figures.js';
import { fleetSensors, WINDOWS_PER_HOUR } from './fleet.js';
import {
  type FleetStack,
  openFleetStack,
  registerFleetModels,
  writeFleetWindows,
} from './fleet-stack.js';
import { measureFloor } from './floor.js';
import { runOnce } from './run-once.js';

const { redisUrl, storageConnectionString } = testStack();
let stack: FleetStack | undefined;
afterEach(async () => {
  await stack?.close();
});

describe('bench:run', () => {
  it('runs a tiny fleet end to end and counts what the stack did', async () => {
    const sensors = fleetSensors(10);
    const hourMs = (Math.floor(Date.now() / HOUR_MS) - 2) * HOUR_MS;
    stack = await openFleetStack(storageConnectionString);
    const counter = countBlobRequests(stack.storage.container);
    await writeFleetWindows(stack.blobs, sensors, hourMs, 4);
    await registerFleetModels(stack.registry, sensors);
    const figures = await runOnce({
      stack,
      counter,
      redisUrl,
      sensors: sensors.length,
      shards: 4,
      k: 3,
      hourMs,
      workers: 1,
      // The sources under test (a build may be stale or absent when the suite runs).
      scorerFrom: 'source',
      threads: 1,
      concurrency: 2,
      budgetSeconds: 150,
      reconcileMs: 500,
    });
    counter.close();

    expect(figures.completed).toBe(true);
    expect(figures.rows).toBe(sensors.length * WINDOWS_PER_HOUR);
    expect(figures.jobsEnded).toBe(figures.jobs);
    expect(figures.jobDurationsMs).toHaveLength(figures.jobs);
    // One prediction blob and one log blob per job; each model read once by the one scorer.
    expect(figures.scorers['put predictions']).toBe(figures.jobs);
    expect(figures.scorers['put logs']).toBe(figures.jobs);
    expect(figures.scorers['get models']).toBe(sensors.length);
    // The planner wrote the plan and the reconciler the report, in this process.
    expect(figures.inProcess['put runs']).toBeGreaterThanOrEqual(2);
    expect(blobOps(figures)).toBeGreaterThan(3 * figures.jobs);
    expect(figures.peakRssBytes).toHaveLength(1);
    expect(figures.peakRssBytes[0]).toBeGreaterThan(0);

    const floor = await measureFloor(sensors, hourMs);
    expect(floor.rows).toBe(sensors.length * WINDOWS_PER_HOUR);
    // The Python loop scored the same files, and the two sides' predictions agree row by row.
    expect(floor.python.rows).toBe(floor.rows);
    expect(floor.agreement).toMatchObject({ files: sensors.length, rows: floor.rows });
    expect(agrees(floor.agreement)).toBe(true);
  }, 240_000);
});
