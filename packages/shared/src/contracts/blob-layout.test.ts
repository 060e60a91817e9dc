import { describe, expect, it } from 'vitest';
import {
  aggregatorStateName,
  deadEventName,
  hourPath,
  hoursBetween,
  isModelPackName,
  loadedWindowsName,
  logBlobName,
  modelBlobName,
  modelPackName,
  parsePredictionsBlobName,
  planBlobName,
  predictionsBlobName,
  predictionsHourPrefixes,
  reportBlobName,
  runLogsPrefix,
  runPredictionsPrefix,
  segmentName,
  windowBlobNameSchema,
  windowBlobShard,
  windowShardPath,
} from './blob-layout.js';

/** Examples of each name; blob-layout-round-trip.test.ts holds the properties. */

const RUN = 'hourly-20261125T1000Z';
const at = (iso: string) => Date.parse(iso);

describe('blob layout: windows and the aggregator', () => {
  it('partitions by the UTC hour of event time and the shard', () => {
    const end = Date.parse('2018-08-28T23:59:59.999Z');
    expect(windowShardPath(end, 7)).toBe('windows/2018/08/28/23/shard=7/');
    // End-inclusive windows: one ending on the hour belongs to the hour starting there.
    expect(hourPath('late-events', Date.parse('2018-08-29T00:00:00Z'))).toBe(
      'late-events/2018/08/29/00/',
    );
  });

  it('names segments by partition, zero-padded stream range and watermark', () => {
    expect(segmentName('3', 17, 250, 1_535_497_200_000.5)).toBe(
      'p3-0000000000000017-0000000000000250-1535497200000.ndjson',
    );
    expect(segmentName('0', 0, 0, Number.NEGATIVE_INFINITY)).toBe(
      'p0-0000000000000000-0000000000000000-x.ndjson',
    );
    expect(segmentName('3', 17, 250, 0, 'parquet')).toBe(
      'p3-0000000000000017-0000000000000250-0.parquet',
    );
    expect(deadEventName('1', 5, 0)).toBe('dead-events/1970/01/01/00/p1-0000000000000005.json');
  });

  it('names loaded windows by source, and state blobs by consumer group and partition', () => {
    const hour = Date.parse('2018-08-28T23:00:00Z');
    expect(loadedWindowsName(hour, 3, 'sensor_data', 'csv')).toBe(
      'windows/2018/08/28/23/shard=3/load-sensor_data.csv',
    );
    expect(aggregatorStateName('aggregator', '7')).toBe('aggregator-state/aggregator/p7.json');
    expect(() => loadedWindowsName(hour, 3, '../x', 'csv')).toThrow(/source id/);
    expect(() => aggregatorStateName('a/b', '7')).toThrow(/consumer group/);
  });

  it('reads the shard of a window blob, and nothing of another blob', () => {
    const name = `windows/2018/08/28/23/shard=12/${segmentName('3', 1, 2, 0)}`;
    expect(windowBlobShard(name)).toBe(12);
    expect(windowBlobNameSchema.parse(name)).toBe(name);
    for (const other of [
      'windows/2018/08/28/23/shard=12/',
      'windows/2018/08/28/23/shard=12/a/b.ndjson',
      'windows/2018/08/28/23/shard=x/p.ndjson',
      'late-events/2018/08/28/23/p3-1-2-0.ndjson',
      'windows/2018/08/28/23/shard=1/..ndjson',
    ])
      expect(windowBlobShard(other), other).toBeUndefined();
  });

  it('refuses ids that would escape the layout', () => {
    expect(() => segmentName('../x', 1, 2, 0)).toThrow(/partition/);
    expect(() => segmentName('1', -1, 2, 0)).toThrow(/sequence/);
    expect(() => windowShardPath(0, 1.5)).toThrow(/shard/);
    expect(() => windowShardPath(0, 1_000_000)).toThrow(/shard/);
    // A format reaches the name as its extension: only the known ones.
    expect(() => segmentName('1', 1, 2, 0, '/../x' as 'csv')).toThrow(/format/);
  });

  it('lists the hours overlapping a half-open range', () => {
    const h = 3_600_000;
    expect(hoursBetween(h, 3 * h)).toEqual([h, 2 * h]);
    expect(hoursBetween(h + 1, 2 * h + 1)).toEqual([h, 2 * h]);
    expect(hoursBetween(h, h)).toEqual([]);
  });
});

describe("blob layout: a run's blobs", () => {
  it('put predictions under the hour of the job start and logs under the run', () => {
    const from = new Date('2026-11-25T10:00:00Z');
    expect(predictionsBlobName(RUN, 7, from)).toBe(
      `predictions/2026/11/25/10/run=${RUN}/job=7.csv`,
    );
    expect(runPredictionsPrefix(RUN, from.getTime())).toBe(`predictions/2026/11/25/10/run=${RUN}/`);
    expect(logBlobName(RUN, 0)).toBe(`logs/run=${RUN}/job=0.ndjson`);
    expect(runLogsPrefix(RUN)).toBe(`logs/run=${RUN}/`);
    expect(planBlobName(RUN)).toBe(`runs/${RUN}/plan.json`);
    expect(reportBlobName(RUN)).toBe(`runs/${RUN}/report.json`);
  });

  it('refuse ids that are not valid', () => {
    expect(() => logBlobName('../x', 1)).toThrow();
    expect(() => logBlobName(RUN, -1)).toThrow(/job index/);
    expect(() => planBlobName(`${RUN}/..`)).toThrow();
  });

  it('lists the prediction hour prefixes overlapping a range', () => {
    expect(predictionsHourPrefixes(at('2026-11-25T22:30:00Z'), at('2026-11-26T01:00:00Z'))).toEqual(
      ['predictions/2026/11/25/22/', 'predictions/2026/11/25/23/', 'predictions/2026/11/26/00/'],
    );
  });

  it('reads the hour, run and job of a prediction blob, and nothing of another blob', () => {
    expect(parsePredictionsBlobName(`predictions/2026/11/25/10/run=${RUN}/job=12.csv`)).toEqual({
      hourMs: at('2026-11-25T10:00:00Z'),
      runId: RUN,
      jobIndex: 12,
    });
    for (const other of [
      'predictions/2026/11/25/10/run=x/other.txt',
      `predictions/2026/11/25/10/run=${RUN}/job=012.csv`,
      `predictions/2026/02/30/10/run=${RUN}/job=1.csv`,
      `predictions/2026/11/25/10/run=${RUN}/job=1.ndjson`,
      `logs/run=${RUN}/job=1.ndjson`,
    ])
      expect(parsePredictionsBlobName(other), other).toBeUndefined();
  });
});

describe('blob layout: models', () => {
  const planned = [
    { entity: 'd1/t', version: 3 },
    { entity: 'd2/t', version: 4 },
  ];

  it('name a registry version by its entity key', () => {
    expect(modelBlobName('d/s', 3)).toBe('models/d/s/v3.json');
    expect(modelBlobName('d', 1)).toBe('models/d/v1.json');
  });

  it('name packs by the hash of the planned (entity, version) list, so a new version is a new pack', () => {
    const name = modelPackName(planned);
    expect(isModelPackName(name)).toBe(true);
    expect(modelPackName(planned)).toBe(name);
    expect(modelPackName([planned[0]!, { entity: 'd2/t', version: 5 }])).not.toBe(name);
    expect(modelPackName([...planned].reverse())).not.toBe(name);
    expect(() => modelPackName([{ entity: '../x', version: 1 }])).toThrow();
  });
});
