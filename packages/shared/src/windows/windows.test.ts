import { describe, expect, it } from 'vitest';
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
