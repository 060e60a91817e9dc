/**
 * What scenarios 6 and 7 share: a session of their own names on the shared stack, a small
 * fleet's windows and models written straight into it (the `pnpm bench:run` fleet: five
 * sensors per device, one hour of 5 s windows, an rbf model each), the rows of a run's
 * prediction blobs, and the cleanup of the session's container and tables.
 */
import { openModelRegistry } from '@fleetscore/registry';
import type { Entity } from '@fleetscore/shared';
import { shardOf } from '@fleetscore/shared';
import { openBlobStore } from '@fleetscore/shared/adapters';
import { createContainerClient, createTableClient } from '@fleetscore/shared/azure';
import { testStack } from '@fleetscore/shared/testing';
import { fleetSensors, WINDOWS_PER_HOUR } from '../../../bench/run/fleet.js';
import { registerFleetModels, writeFleetWindows } from '../../../bench/run/fleet-stack.js';
import { readRunPredictions } from '../../../deploy/local/demo/blobs.js';
import { type Session, sessionEnv } from '../../../deploy/local/demo/session.js';
import { windowKey } from '../invariants.js';

/** The scheduler's default shard count (docs/configuration.md); windows are laid out by it. */
export const SHARDS = 16;
export const WINDOW_MS = 5_000;

export interface SessionFleet {
  sensors: Entity[];
  /** Every written window, as `device/sensor@endMs`. */
  windowKeys: Set<string>;
  /** Shards holding at least one sensor. */
  shards: Set<number>;
}

/** The stack's storage with the session's container and table prefix. */
export const sessionStorage = (session: Session) => ({
  connectionString: testStack().storageConnectionString,
  container: session.container,
  tablePrefix: session.tablePrefix,
});

/** Variables every service of the session gets: the shared stack and the session's names. */
export function sessionServiceEnv(session: Session): Record<string, string> {
  const { redisUrl, storageConnectionString } = testStack();
  return {
    FLEETSCORE_REDIS_URL: redisUrl,
    FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
    ...sessionEnv(session),
  };
}

/** Writes `sensorCount` sensors' windows of the hour starting at `hourMs` and their models. */
export async function writeSessionFleet(
  session: Session,
  sensorCount: number,
  hourMs: number,
): Promise<SessionFleet> {
  const storage = sessionStorage(session);
  const sensors = fleetSensors(sensorCount);
  const [blobs, registry] = await Promise.all([openBlobStore(storage), openModelRegistry(storage)]);
  await writeFleetWindows(blobs, sensors, hourMs, SHARDS);
  await registerFleetModels(registry, sensors);
  const windowKeys = new Set<string>();
  for (const s of sensors) {
    for (let i = 0; i < WINDOWS_PER_HOUR; i += 1) {
      windowKeys.add(windowKey(s.device, s.sensor ?? '', hourMs + i * WINDOW_MS));
    }
  }
  return { sensors, windowKeys, shards: new Set(sensors.map((s) => shardOf(s.device, SHARDS))) };
}

/** Every prediction row of the run, as `device/sensor@endMs` with its count across blobs. */
export async function predictionCounts(
  session: Session,
  runId: string,
  fromMs: number,
): Promise<Map<string, number>> {
  const blobs = await openBlobStore(sessionStorage(session));
  const counts = new Map<string, number>();
  for (const row of await readRunPredictions(blobs, runId, fromMs)) {
    const key = windowKey(row.device, row.sensor, row.endMs);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Deletes the session's container and tables (its few Redis queue keys stay). */
export async function dropSessionStorage(session: Session): Promise<void> {
  const { storageConnectionString: connectionString } = testStack();
  await Promise.allSettled([
    createContainerClient({ connectionString, container: session.container }).deleteIfExists(),
    ...['runs', 'jobs', 'models'].map((t) =>
      createTableClient({ connectionString, table: `${session.tablePrefix}${t}` }).deleteTable(),
    ),
  ]);
}
