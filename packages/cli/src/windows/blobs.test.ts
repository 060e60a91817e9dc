import { ID_PATTERN, shardOf, type WindowRecord } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { planWindowBlobs, sourceOfPath } from './blobs.js';
import { summarise } from './load.js';

const window = (device: string, sensor: string, end: string): WindowRecord => ({
  device,
  sensor,
  end,
  seconds: 5,
  count: 1,
  values: { avg: 1 },
});

const windows = [
  window('2', '1', '2018-08-29T00:00:00.000Z'), // on the hour: the hour that starts there
  window('1', '2', '2018-08-28T23:59:55.000Z'),
  window('1', '1', '2018-08-28T23:59:55.000Z'),
  window('1', '1', '2018-08-28T23:00:05.000Z'),
];

describe('planWindowBlobs', () => {
  it('puts each window in the blob of its end hour and device shard, named by the source', () => {
    const shards = 4;
    const planned = planWindowBlobs(windows, { shards, source: 'sensor_data', format: 'ndjson' });
    const expected = [
      { hour: '2018/08/28/23', device: '1', ends: ['23:00:05', '23:59:55', '23:59:55'] },
      { hour: '2018/08/29/00', device: '2', ends: ['00:00:00'] },
    ];
    expect(planned.map((b) => b.name)).toEqual(
      expected.map(
        (e) => `windows/${e.hour}/shard=${shardOf(e.device, shards)}/load-sensor_data.ndjson`,
      ),
    );
    expect(planned[0]!.windows.map((w) => `${w.end.slice(11, 19)} ${w.sensor}`)).toEqual([
      '23:00:05 1',
      '23:59:55 1',
      '23:59:55 2',
    ]);
    expect(planned[1]).toMatchObject({ hourMs: Date.UTC(2018, 7, 29), shard: shardOf('2', 4) });
  });

  it('names the same blobs for the same source whatever the row order', () => {
    const options = { shards: 16, source: 'x', format: 'csv' as const };
    const names = (list: WindowRecord[]) => planWindowBlobs(list, options).map((b) => b.name);
    expect(names([...windows].reverse())).toEqual(names(windows));
    expect(names(windows).every((n) => n.endsWith('/load-x.csv'))).toBe(true);
  });

  it('refuses a source that is not an id', () => {
    expect(() => planWindowBlobs(windows, { shards: 1, source: '../x', format: 'ndjson' })).toThrow(
      /bad source id/,
    );
  });
});

describe('sourceOfPath and summarise', () => {
  it('derives an id-safe source from the file name', () => {
    expect(sourceOfPath('../shared/reference/sensor_data.csv')).toBe('sensor_data');
    expect(sourceOfPath('C:\\data\\my windows (2).tsv')).toBe('my-windows--2-');
    expect(sourceOfPath('/tmp/.csv')).toBe('.csv');
    expect(sourceOfPath('/data/fleet 2018.csv')).toBe('fleet-2018');
  });

  it('makes a source id of a file name only when it is one (else `windows`)', () => {
    for (const path of ['/data/...csv', '/data/..', 'C:\\data\\.csv', '/data/.'])
      expect(ID_PATTERN.test(sourceOfPath(path)), path).toBe(true);
  });

  it('counts windows, sensors, hours and the time range', () => {
    expect(summarise(windows, 2)).toEqual({
      windows: 4,
      sensors: 3,
      hours: 2,
      blobs: 2,
      from: '2018-08-28T23:00:05.000Z',
      to: '2018-08-29T00:00:00.000Z',
    });
    expect(summarise([], 0)).toEqual({ windows: 0, sensors: 0, hours: 0, blobs: 0 });
  });
});
