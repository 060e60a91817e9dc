import {
  type BlobStore,
  deadEventName,
  entityKeySchema,
  FleetscoreError,
  hourPath,
  ID_PATTERN,
  idSchema,
  logBlobName,
  parseEntityKey,
  parsePredictionsBlobName,
  planBlobName,
  predictionsBlobName,
  predictionsHourPrefixes,
  reportBlobName,
  segmentName,
  shardOf,
  WINDOW_BLOB_PATTERN,
  windowShardPath,
} from '@fleetscore/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hourFolder } from '../../deploy/local/demo/blobs.js';
import { planWindowBlobs, sourceOfPath } from '../../packages/cli/src/windows/blobs.js';
import { checkedKey, versionBlob } from '../../packages/registry/src/keys.js';
import { StateStore } from '../../services/aggregator/src/state-store.js';
import { HOSTILE_IDS, hostileId } from './hostile.js';

/**
 * Every place a blob name is formed from an id, and what it does with a hostile one: it throws
 * a typed error, or it cannot receive an id at all (numbers only). Listed one by one so that a
 * new builder is added here on purpose (grep `models/`, `runs/`, `predictions/`, `logs/`,
 * `windows/`, `late-events/`, `dead-events/`, `aggregator-state/` in src/).
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

/** Each builder that takes an id: a name for a good one, a typed error for every hostile one. */
const ID_BUILDERS: Array<{
  name: string;
  good: string;
  hostile: readonly string[];
  build: (id: string) => string;
  error: new (...args: never[]) => Error;
}> = [
  {
    name: 'scorer predictionsBlobName (services/scorer/src/blob-names.ts)',
    good: RUN,
    hostile: HOSTILE_RUN_IDS,
    build: (id) => predictionsBlobName(id, 0, new Date(HOUR)),
    error: Error,
  },
  {
    name: 'scorer logBlobName',
    good: RUN,
    hostile: HOSTILE_RUN_IDS,
    build: (id) => logBlobName(id, 0),
    error: Error,
  },
  {
    name: 'scheduler planBlob (services/scheduler/src/runs/plan-store.ts)',
    good: RUN,
    hostile: HOSTILE_RUN_IDS,
    build: planBlobName,
    error: Error,
  },
  {
    name: 'scheduler reportBlob',
    good: RUN,
    hostile: HOSTILE_RUN_IDS,
    build: reportBlobName,
    error: Error,
  },
  {
    name: 'registry versionBlob, sensor (packages/registry/src/keys.ts)',
    good: 'dev1/s1',
    hostile: HOSTILE_IDS.map((id) => `dev1/${id}`),
    build: (key) => versionBlob(key, 1),
    error: RangeError,
  },
  {
    name: 'registry versionBlob, device',
    good: 'dev1',
    hostile: [
      ...HOSTILE_IDS.filter((id) => !/^[A-Za-z0-9_.-]*\/[A-Za-z0-9_.-]+$/.test(id)),
      'a/b/c',
    ],
    build: (key) => versionBlob(key, 1),
    error: RangeError,
  },
  {
    name: 'registry checkedKey (the entity key of every registry row and blob)',
    good: 'dev1',
    hostile: HOSTILE_IDS,
    build: (device) => checkedKey({ device, sensor: 's1' }),
    error: RangeError,
  },
  {
    name: 'windows segmentName, partition (packages/shared/src/windows/layout.ts)',
    good: '3',
    hostile: HOSTILE_IDS,
    build: (partition) => segmentName(partition, 0, 1, HOUR),
    error: FleetscoreError,
  },
  {
    name: 'windows deadEventName, partition',
    good: '3',
    hostile: HOSTILE_IDS,
    build: (partition) => deadEventName(partition, 0, HOUR),
    error: FleetscoreError,
  },
  {
    name: 'aggregator state blob, partition (services/aggregator/src/state-store.ts)',
    good: '3',
    hostile: HOSTILE_IDS,
    build: (partition) => new StateStore({} as BlobStore, 'group').name(partition),
    error: FleetscoreError,
  },
  {
    name: 'aggregator state blob, consumer group',
    good: 'group',
    hostile: HOSTILE_IDS,
    build: (group) => new StateStore({} as BlobStore, group).name('3'),
    error: FleetscoreError,
  },
  {
    name: 'CLI windows load blobs, source (packages/cli/src/windows/blobs.ts)',
    good: 'fleet',
    hostile: HOSTILE_IDS,
    build: (source) => {
      const window = { device: 'dev1', sensor: 's1', end: '2026-11-25T10:00:05.000Z' };
      const blobs = planWindowBlobs([window as never], { shards: 4, source, format: 'ndjson' });
      return blobs[0]?.name ?? '';
    },
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
      for (const id of builder.hostile) {
        expect(() => builder.build(id), JSON.stringify(id)).toThrow(builder.error);
      }
    });
  }

  it('every builder throws for generated hostile ids too', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        const named = ID_BUILDERS.filter((b) => {
          const build = b.name.startsWith('registry versionBlob')
            ? () => b.build(`dev1/${id}`)
            : () => b.build(id);
          try {
            build();
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
      expect(() => versionBlob('dev1', n), String(n)).toThrow(RangeError);
    for (const n of [-1, 1.5, Number.NaN]) expect(() => logBlobName(RUN, n)).toThrow(RangeError);
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
    expect(predictionsHourPrefixes(HOUR, HOUR + 1)).toEqual(['predictions/2026/11/25/10/']);
    // The demo lists predictions under a prefix of numbers and the API's run id; a list prefix
    // is matched literally by the store, never resolved as a path.
    expect(hourFolder('predictions', HOUR)).toBe('predictions/2026/11/25/10/');
  });

  it('names read back are checked again: window blobs in a plan, run ids in prediction blobs', () => {
    const good = `windows/2026/11/25/10/shard=3/p3-${'0'.repeat(16)}-${'0'.repeat(15)}1-x.ndjson`;
    expect(WINDOW_BLOB_PATTERN.test(good)).toBe(true);
    for (const bad of ['windows/2026/11/25/10/shard=3/../../models/x', 'windows/../x', 'models/x'])
      expect(WINDOW_BLOB_PATTERN.test(bad) && !bad.includes('..'), bad).toBe(false);
    expect(parsePredictionsBlobName(`predictions/2026/11/25/10/run=${RUN}/job=0.csv`)?.runId).toBe(
      RUN,
    );
    expect(parsePredictionsBlobName('predictions/x/run=../job=0.csv')).toBeUndefined();
  });

  it('CLI windows load: a file name becomes a source id only when it is one', () => {
    expect(sourceOfPath('/data/fleet 2018.csv')).toBe('fleet-2018');
    for (const path of ['/data/...csv', '/data/..', 'C:\\data\\.csv', '/data/.'])
      expect(ID_PATTERN.test(sourceOfPath(path)), path).toBe(true);
  });
});
