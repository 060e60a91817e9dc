import {
  aggregatorStateName,
  deadEventName,
  entityKeySchema,
  FleetscoreError,
  hourPath,
  ID_PATTERN,
  idSchema,
  loadedWindowsName,
  logBlobName,
  modelBlobName,
  modelPackName,
  parseEntityKey,
  parsePredictionsBlobName,
  planBlobName,
  predictionsBlobName,
  predictionsHourPrefixes,
  reportBlobName,
  runLogsPrefix,
  runPredictionsPrefix,
  segmentName,
  shardOf,
  WINDOW_BLOB_PATTERN,
  windowBlobNameSchema,
  windowBlobShard,
  windowShardPath,
} from '@fleetscore/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_IDS, hostileId } from './hostile.js';

/**
 * Every blob name formed from an id, and what it does with a hostile one: it throws a typed
 * error, or it cannot receive an id at all (numbers only). All of them are the blob layout's
 * (packages/shared/src/contracts/blob-layout.ts), the one module that builds names; they are
 * listed one by one so that a new builder is added here on purpose. (The registry's table keys
 * are checked in packages/registry/src/keys.test.ts, the CLI's source ids from file names in
 * packages/cli/src/windows/blobs.test.ts.)
 */

const RUN = 'hourly-20261125T1000Z';
const HOUR = Date.parse('2026-11-25T10:00:00Z');
/** Run ids that are not ids: traversal, separators, case, the wrong shape. */
const HOSTILE_RUN_IDS = [
  ...HOSTILE_IDS,
  `../${RUN}`,
  `${RUN}/..`,
  `${RUN}/x`,
  'Hourly-20261125T1000Z',
];
/** Entity keys: each hostile id as a sensor, and as a device where it is not `device/sensor`. */
const hostileSensors = (ids: readonly string[]) => ids.map((id) => `dev1/${id}`);
const hostileDevices = (ids: readonly string[]) => [
  ...ids.filter((id) => !/^[A-Za-z0-9_.-]*\/[A-Za-z0-9_.-]+$/.test(id)),
  'a/b/c',
];

/** Each builder that takes an id: a name for a good one, a typed error for every hostile one. */
const ID_BUILDERS: Array<{
  name: string;
  good: string;
  /** The hostile ids as this builder takes them (an entity key holds an id as a part). */
  hostile: (ids: readonly string[]) => readonly string[];
  build: (id: string) => string;
  error: new (...args: never[]) => Error;
}> = [
  {
    name: 'predictionsBlobName',
    good: RUN,
    hostile: () => HOSTILE_RUN_IDS,
    build: (id) => predictionsBlobName(id, 0, new Date(HOUR)),
    error: Error,
  },
  {
    name: 'runPredictionsPrefix',
    good: RUN,
    hostile: () => HOSTILE_RUN_IDS,
    build: (id) => runPredictionsPrefix(id, HOUR),
    error: Error,
  },
  {
    name: 'logBlobName',
    good: RUN,
    hostile: () => HOSTILE_RUN_IDS,
    build: (id) => logBlobName(id, 0),
    error: Error,
  },
  {
    name: 'runLogsPrefix',
    good: RUN,
    hostile: () => HOSTILE_RUN_IDS,
    build: runLogsPrefix,
    error: Error,
  },
  {
    name: 'planBlobName',
    good: RUN,
    hostile: () => HOSTILE_RUN_IDS,
    build: planBlobName,
    error: Error,
  },
  {
    name: 'reportBlobName',
    good: RUN,
    hostile: () => HOSTILE_RUN_IDS,
    build: reportBlobName,
    error: Error,
  },
  {
    name: 'modelBlobName, sensor',
    good: 'dev1/s1',
    hostile: hostileSensors,
    build: (key) => modelBlobName(key, 1),
    error: RangeError,
  },
  {
    name: 'modelBlobName, device',
    good: 'dev1',
    hostile: hostileDevices,
    build: (key) => modelBlobName(key, 1),
    error: RangeError,
  },
  {
    name: 'modelPackName, entity',
    good: 'dev1/s1',
    hostile: hostileSensors,
    build: (entity) => modelPackName([{ entity, version: 1 }]),
    error: RangeError,
  },
  {
    name: 'segmentName, partition',
    good: '3',
    hostile: (ids) => ids,
    build: (partition) => segmentName(partition, 0, 1, HOUR),
    error: FleetscoreError,
  },
  {
    name: 'deadEventName, partition',
    good: '3',
    hostile: (ids) => ids,
    build: (partition) => deadEventName(partition, 0, HOUR),
    error: FleetscoreError,
  },
  {
    name: 'aggregatorStateName, partition',
    good: '3',
    hostile: (ids) => ids,
    build: (partition) => aggregatorStateName('group', partition),
    error: FleetscoreError,
  },
  {
    name: 'aggregatorStateName, consumer group',
    good: 'group',
    hostile: (ids) => ids,
    build: (group) => aggregatorStateName(group, '3'),
    error: FleetscoreError,
  },
  {
    name: 'loadedWindowsName, source (fleetscore windows load)',
    good: 'fleet',
    hostile: (ids) => ids,
    build: (source) => loadedWindowsName(HOUR, 0, source, 'ndjson'),
    error: FleetscoreError,
  },
];

describe('blob names are built from validated ids only', () => {
  it('refuses dot-only, separator, control, overlong, empty and look-alike ids (ID_PATTERN)', () => {
    for (const id of HOSTILE_IDS) expect(ID_PATTERN.test(id), JSON.stringify(id)).toBe(false);
    for (const id of ['dev1', 's.1', 'a-b_c', '.hidden', 'x..y', 'a'.repeat(64)])
      expect(idSchema.parse(id)).toBe(id);
    expect(parseEntityKey('dev1/..')).toBeUndefined();
    expect(entityKeySchema.safeParse('../dev1').success).toBe(false);
  });

  for (const builder of ID_BUILDERS) {
    it(`${builder.name}: names a good id, throws for each hostile one`, () => {
      const name = builder.build(builder.good);
      expect(name).not.toMatch(/(^|\/)\.\.?(\/|$)|\\|\0/);
      for (const id of builder.hostile(HOSTILE_IDS)) {
        expect(() => builder.build(id), JSON.stringify(id)).toThrow(builder.error);
      }
    });
  }

  it('every builder throws for generated hostile ids too', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        const named = ID_BUILDERS.filter((b) => {
          try {
            for (const hostile of b.hostile([id])) b.build(hostile);
            return true;
          } catch {
            return false;
          }
        });
        expect(
          named.map((b) => b.name),
          JSON.stringify(id),
        ).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a bad version or job index where a number becomes part of the name', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(() => modelBlobName('dev1', n), String(n)).toThrow(RangeError);
    for (const n of [0, -1, 1.5, Number.NaN])
      expect(() => modelPackName([{ entity: 'dev1', version: n }]), String(n)).toThrow(RangeError);
    for (const n of [-1, 1.5, Number.NaN]) {
      expect(() => logBlobName(RUN, n)).toThrow(RangeError);
      expect(() => predictionsBlobName(RUN, n, new Date(HOUR))).toThrow(RangeError);
    }
  });

  it('builders that take numbers only: shard, hour folders, prediction prefixes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.integer({ min: 1, max: 4096 }),
        (device, shards) => {
          const shard = shardOf(device, shards);
          expect(Number.isInteger(shard) && shard >= 0 && shard < shards).toBe(true);
          expect(windowShardPath(HOUR, shard)).toMatch(
            /^windows\/\d{4}\/\d\d\/\d\d\/\d\d\/shard=\d+\/$/,
          );
        },
      ),
    );
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => hourPath('windows', bad)).toThrow(FleetscoreError);
      expect(() => predictionsHourPrefixes(bad, HOUR)).toThrow(RangeError);
      expect(() => predictionsHourPrefixes(HOUR, bad)).toThrow(RangeError);
    }
    expect(() => windowShardPath(HOUR, -1)).toThrow(FleetscoreError);
    expect(() => runPredictionsPrefix(RUN, Number.NaN)).toThrow(RangeError);
    expect(predictionsHourPrefixes(HOUR, HOUR + 1)).toEqual(['predictions/2026/11/25/10/']);
    // The demo lists a run's predictions under a prefix of numbers and the API's run id; a list
    // prefix is matched literally by the store, never resolved as a path.
    expect(runPredictionsPrefix(RUN, HOUR)).toBe(`predictions/2026/11/25/10/run=${RUN}/`);
  });

  it('names read back are checked again: window blobs in a plan, run ids in prediction blobs', () => {
    const good = `windows/2026/11/25/10/shard=3/p3-${'0'.repeat(16)}-${'0'.repeat(15)}1-x.ndjson`;
    expect(windowBlobNameSchema.parse(good)).toBe(good);
    expect(windowBlobShard(good)).toBe(3);
    for (const bad of [
      'windows/2026/11/25/10/shard=3/../../models/x',
      'windows/2026/11/25/10/shard=3/..',
      'windows/2026/11/25/10/shard=3/.',
      'windows/2026/11/25/10/shard=3/..x',
      'windows/2026/11/25/10/shard=../x',
      'windows/../x',
      'models/x',
    ]) {
      expect(windowBlobNameSchema.safeParse(bad).success, bad).toBe(false);
      expect(windowBlobShard(bad), bad).toBeUndefined();
    }
    // No segment of a name the pattern takes is `.` or `..`: the name is its path.
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9._/-]{1,12}$/)), (tail) => {
        const name = `windows/2026/11/25/10/shard=3/${tail}`;
        if (WINDOW_BLOB_PATTERN.test(name))
          expect(name.split('/').some((part) => part === '.' || part === '..')).toBe(false);
      }),
      { numRuns: 1000 },
    );
    expect(parsePredictionsBlobName(`predictions/2026/11/25/10/run=${RUN}/job=0.csv`)?.runId).toBe(
      RUN,
    );
    for (const bad of [
      'predictions/x/run=../job=0.csv',
      `predictions/2026/11/25/10/run=../${RUN}/job=0.csv`,
      `predictions/2026/11/25/10/run=${RUN}/../job=0.csv`,
      `predictions/2026/11/25/10/run=${RUN}/job=-1.csv`,
    ])
      expect(parsePredictionsBlobName(bad), bad).toBeUndefined();
  });
});
