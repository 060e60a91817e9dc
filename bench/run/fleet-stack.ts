/**
 * The bench's own deployment on the local stack: a fresh container and tables, a unique queue
 * name, the real registry and ledger; the fleet's windows written in the aggregator's layout
 * (one blob per (hour, shard)) and its models registered. Removed by `close()`.
 */
import { randomBytes } from 'node:crypto';
// Relative: the bench package does not list the registry (see bench/README.md).
import { type ModelRegistry, openModelRegistry } from '@fleetscore/registry';
import {
  type BlobStore,
  type Entity,
  segmentName,
  shardOf,
  type WindowRecord,
  windowShardPath,
} from '@fleetscore/shared';
import { openBlobStore } from '@fleetscore/shared/adapters';
import { createContainerClient, createTableClient } from '@fleetscore/shared/azure';
import { openLedger, type TableLedger } from '@fleetscore/shared/ledger';
import { formatWindows } from '@fleetscore/shared/windows';
import { sensorModel, sensorValues, WINDOW_MS } from './fleet.js';

export interface BenchStorage {
  connectionString: string;
  container: string;
  tablePrefix: string;
}

export interface FleetStack {
  storage: BenchStorage;
  blobs: BlobStore;
  ledger: TableLedger;
  registry: ModelRegistry;
  close(): Promise<void>;
}

export async function openFleetStack(connectionString: string): Promise<FleetStack> {
  const id = randomBytes(4).toString('hex');
  const storage = { connectionString, container: `bench-run-${id}`, tablePrefix: `benchrun${id}` };
  const [blobs, ledger, registry] = await Promise.all([
    openBlobStore(storage),
    openLedger(storage),
    openModelRegistry(storage),
  ]);
  return {
    storage,
    blobs,
    ledger,
    registry,
    async close() {
      await Promise.allSettled([
        createContainerClient({ connectionString, container: storage.container }).deleteIfExists(),
        ...['runs', 'jobs', 'models'].map((t) =>
          createTableClient({
            connectionString,
            table: `${storage.tablePrefix}${t}`,
          }).deleteTable(),
        ),
      ]);
    },
  };
}

/** One hour of 5 s windows per sensor, one NDJSON blob per shard, as one aggregator flush writes. */
export async function writeFleetWindows(
  blobs: BlobStore,
  sensors: readonly Entity[],
  hourMs: number,
  shards: number,
): Promise<number> {
  const byShard = new Map<number, Entity[]>();
  for (const s of sensors) {
    const shard = shardOf(s.device, shards);
    const group = byShard.get(shard);
    if (group === undefined) byShard.set(shard, [s]);
    else group.push(s);
  }
  let written = 0;
  for (const [shard, group] of byShard) {
    const records: WindowRecord[] = [];
    for (const sensor of group) {
      const values = sensorValues(sensor);
      for (const [i, avg] of values.entries()) {
        records.push({
          device: sensor.device,
          sensor: sensor.sensor!,
          end: new Date(hourMs + i * WINDOW_MS).toISOString(),
          seconds: WINDOW_MS / 1000,
          count: 1,
          values: { avg },
        });
      }
    }
    const name = `${windowShardPath(hourMs, shard)}${segmentName('0', shard + 1, shard + 1, 0)}`;
    await blobs.put(name, formatWindows(records), { contentType: 'application/x-ndjson' });
    written += 1;
  }
  return written;
}

/** Registers every sensor's model, `parallel` at a time. */
export async function registerFleetModels(
  registry: ModelRegistry,
  sensors: readonly Entity[],
  parallel = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < sensors.length) {
      const sensor = sensors[next++]!;
      await registry.register(sensor, sensorModel(sensor));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
