import type { ModelRegistry } from '@fleetscore/registry';
import {
  type BlobStore,
  type Entity,
  entityKey,
  HOUR_MS,
  NonRetryableError,
  parseJobLog,
  predictionsBlobName,
  type ScoringJob,
  shardOf,
} from '@fleetscore/shared';
import { listWindowBlobs } from '@fleetscore/shared/windows';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  HOUR,
  NEXT_HOUR,
  SHARDS,
  scoreRun,
  scorerHarness,
  sensorsOf,
  sensorWindows,
  terminal,
} from '../scorer.test-helper.js';

/** The real store, with every request it is asked for written down (kind and name). */
function counting(blobs: BlobStore) {
  const calls: string[] = [];
  const note = (call: string) => {
    calls.push(call);
  };
  const store: BlobStore = {
    put: (name, body, options) => {
      note(`put ${name}`);
      return blobs.put(name, body, options);
    },
    get: (name, options) => {
      note(`get ${name}`);
      return blobs.get(name, options);
    },
    getStream: (name, options) => {
      note(`get ${name}`);
      return blobs.getStream(name, options);
    },
    list: (prefix, options) => {
      note(`list ${prefix}`);
      return blobs.list(prefix, options);
    },
    delete: (name, options) => {
      note(`delete ${name}`);
      return blobs.delete(name, options);
    },
    exists: (name, options) => {
      note(`exists ${name}`);
      return blobs.exists(name, options);
    },
  };
  return { store, calls };
}

/** The one job of shard 0 over `[HOUR, NEXT_HOUR)`. */
const shardZeroJob = (
  runId: string,
  windows: string[],
  entities: ScoringJob['entities'],
): ScoringJob => ({
  kind: 'score',
  runId,
  jobIndex: 0,
  from: HOUR,
  to: NEXT_HOUR,
  shard: 0,
  windows,
  entities,
  reportUnmodelled: false,
});

/**
 * The sensors of shard 0 among `devices` devices of 2 sensors: their windows written, a model
 * registered for each; the planned entities and shard 0's window blobs of the hour.
 */
async function shardZeroFleet(h: Harness, devices: number, windowsPerSensor: number) {
  const sensors = sensorsOf(devices, 2).filter((s) => shardOf(s.device, SHARDS) === 0);
  await h.writeWindows(sensorWindows(sensors, HOUR, windowsPerSensor));
  const versions = await h.registerModels(sensors);
  const listed = await listWindowBlobs(h.blobs, {
    from: new Date(HOUR),
    to: new Date(Date.parse(HOUR) + HOUR_MS),
  });
  const entities = [...versions].sort().map(([entity, version]) => ({ entity, version }));
  return { sensors, entities, windows: listed.get(0) ?? [] };
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('model packs and planned window blobs', () => {
  it('a cold scorer reads one pack per job instead of one blob per model, and never lists windows', async () => {
    harness = await scorerHarness();
    const { sensors, entities, windows } = await shardZeroFleet(harness, 6, 60);
    expect(sensors.length).toBeGreaterThan(2);
    const job = (runId: string) => shardZeroJob(runId, windows, entities);

    const runOnce = async (runId: string, options: Parameters<Harness['start']>[0] = {}) => {
      const { store, calls } = counting(harness!.blobs);
      await harness!.plan(scoreRun(runId), [job(runId)]);
      // Model loads go through the registry (its own store): noted as `load {entity}@v{n}`.
      const { registry } = harness!;
      const loads: ModelRegistry = Object.create(registry, {
        load: {
          value: (entity: Entity, version: number) => {
            calls.push(`load ${entityKey(entity)}@v${version}`);
            return registry.load(entity, version);
          },
        },
      });
      const scorer = harness!.start(options, { blobs: store, registry: loads });
      const [record] = await harness!.waitForJobs(runId, terminal);
      await scorer.close();
      expect(record).toMatchObject({ state: 'succeeded', summary: { scored: entities.length } });
      const log = parseJobLog(await harness!.text(record!.log!));
      const predictions = await harness!.text(predictionsBlobName(runId, 0, new Date(HOUR)));
      const models = log.find((l) => l.event === 'models');
      return { calls, source: models?.event === 'models' ? models.source : undefined, predictions };
    };

    const first = await runOnce('api-20261125T1000Z-first');
    expect(first.source).toBe('built');
    const packs = await harness.names('model-packs/');
    expect(packs).toHaveLength(1);
    expect(first.calls.filter((c) => c.startsWith('list'))).toEqual([]);

    // A fresh scorer (empty cache), the same plan: the pack, one read, no model blob.
    const second = await runOnce('api-20261125T1000Z-second');
    expect(second.source).toBe('pack');
    expect(first.calls.filter((c) => c.startsWith('load '))).toHaveLength(entities.length);
    const gets = second.calls.filter((c) => c.startsWith('get ') || c.startsWith('load ')).sort();
    const windowGets = windows.map((name) => `get ${name}`);
    expect(gets).toEqual([...windowGets, `get ${packs[0]}`].sort());
    expect(second.calls.filter((c) => c.startsWith('list'))).toEqual([]);
    // The same decisions from the pack as from the registry's blobs.
    const body = (csv: string) => csv.replaceAll(/api-20261125T1000Z-(first|second)/g, 'RUN');
    expect(body(second.predictions)).toBe(body(first.predictions));
    expect(entities.map((e) => e.entity)).toEqual(sensors.map(entityKey).sort());

    // No pack, and a cache that holds fewer models than the job has: each model is still read
    // once (the job keeps its own), and the pack is written again, whole.
    await harness.blobs.delete(packs[0]!);
    const small = { modelCache: { maxEntries: 2, maxBytes: 64 * 2 ** 20 } };
    const third = await runOnce('api-20261125T1000Z-third', small);
    expect(third.source).toBe('built');
    const modelGets = third.calls.filter((c) => c.startsWith('load '));
    expect(modelGets).toHaveLength(entities.length);
    expect(new Set(modelGets).size).toBe(entities.length);
    expect(await harness.names('model-packs/')).toEqual(packs);
    expect(body(third.predictions.replaceAll('third', 'first'))).toBe(body(first.predictions));
  });

  it('a job whose windows cannot be read stops loading its models and writes no pack', async () => {
    harness = await scorerHarness();
    const { entities, windows } = await shardZeroFleet(harness, 60, 10);
    // More models than the 16 a job reads at once, so some would start after the failure.
    expect(entities.length).toBeGreaterThan(20);
    const runId = 'api-20261125T1000Z-unreadable';

    // Model loads wait at a gate; the window read fails once the first load has started, and
    // the gate opens only after that failure — so every load that starts later is one the
    // failure did not stop.
    let loads = 0;
    let firstLoad!: () => void;
    const loading = new Promise<void>((resolve) => {
      firstLoad = resolve;
    });
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const { registry } = harness;
    const gated: ModelRegistry = Object.create(registry, {
      load: {
        value: async (entity: Entity, version: number) => {
          loads += 1;
          firstLoad();
          await gate;
          return registry.load(entity, version);
        },
      },
    });
    const failing: BlobStore = Object.create(harness.blobs, {
      getStream: {
        value: async (name: string) => {
          await loading;
          setImmediate(openGate);
          throw new NonRetryableError(`${name}: unreadable`);
        },
      },
    });

    await harness.plan(scoreRun(runId), [shardZeroJob(runId, windows, entities)]);
    const scorer = harness.start({ jobAttempts: 1 }, { blobs: failing, registry: gated });
    const [record] = await harness.waitForJobs(runId, terminal);
    await scorer.close();
    expect(record).toMatchObject({ state: 'dead-lettered' });
    expect(record?.error).toContain('unreadable');
    // Only the loads in flight when the read failed; none after it, and no pack.
    expect(loads).toBeGreaterThan(0);
    expect(loads).toBeLessThanOrEqual(16);
    expect(loads).toBeLessThan(entities.length);
    expect(await harness.names('model-packs/')).toEqual([]);
  });
});
