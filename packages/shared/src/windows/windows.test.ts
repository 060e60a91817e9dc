import { describe, expect, it } from 'vitest';
import {
  deadEventName,
  hourPath,
  hoursBetween,
  segmentName,
  windowShardPath,
} from '../contracts/blob-layout.js';
import type { WindowRecord } from '../contracts/window.js';
import { dedupeWindows } from './dedupe.js';
import { formatWindows, parseWindows } from './formats/ndjson.js';

const w = (device: string, end: string, count = 1, avg = 1): WindowRecord => ({
  device,
  sensor: 's',
  end,
  seconds: 5,
  count,
  values: { avg },
});

describe('blob layout', () => {
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

  it('refuses ids that would escape the layout', () => {
    expect(() => segmentName('../x', 1, 2, 0)).toThrow(/partition/);
    expect(() => segmentName('1', -1, 2, 0)).toThrow(/sequence/);
    expect(() => windowShardPath(0, 1.5)).toThrow(/shard/);
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

describe('dedupeWindows', () => {
  it('keeps one window per (device, sensor, end), preferring the larger count, sorted', () => {
    const a = w('b', '2020-01-01T00:00:05.000Z', 2, 10);
    const partial = w('b', '2020-01-01T00:00:05.000Z', 1, 99);
    const b = w('a', '2020-01-01T00:00:05.000Z');
    const c = w('a', '2020-01-01T00:00:00.000Z');
    expect(dedupeWindows([partial, a, b, c, a, b])).toEqual([c, b, a]);
  });
});

describe('NDJSON windows', () => {
  it('round-trips and rejects a line that is not a window', () => {
    const windows = [w('a', '2020-01-01T00:00:05.000Z'), w('b', '2020-01-01T00:00:10.000Z')];
    expect(parseWindows(`${formatWindows(windows)}\n`, 'x')).toEqual(windows);
    expect(() => parseWindows('{"device":"a"}\n', 'blob.ndjson')).toThrow(/blob.ndjson line 1/);
  });
});
