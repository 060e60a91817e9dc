import { describe, expect, it } from 'vitest';
import type { WindowRecord } from '../../contracts/window.js';
import { WINDOW_FORMATS } from '../../contracts/window-formats.js';
import { NonRetryableError } from '../../errors.js';
import type { WindowFilter } from './codec.js';
import { windowCodec } from './registry.js';

const windows: WindowRecord[] = ['a', 'b', 'c'].flatMap((device, d) =>
  ['t1', 't2'].map((sensor, s) => ({
    device,
    sensor,
    end: new Date(Date.UTC(2026, 10, 25, 10, 0, 5 * (d + 1))).toISOString(),
    seconds: 5,
    count: 1 + s,
    values: { avg: d + s / 10 },
  })),
);
const bytes = (body: Uint8Array | string) =>
  typeof body === 'string' ? new TextEncoder().encode(body) : body;

describe.each(WINDOW_FORMATS)('%s decode with a filter', (format) => {
  const codec = windowCodec(format);
  const body = bytes(codec.encode(windows, ['avg']));

  it('keeps only the rows the filter wants, and sees the raw device, sensor and end of each', async () => {
    const seen: string[] = [];
    const keep: WindowFilter = (device, sensor, end) => {
      seen.push(`${device}/${sensor}@${end}`);
      return device === 'b';
    };
    const kept = await codec.decode(body, `x.${format}`, keep);
    expect(kept).toEqual(windows.filter((w) => w.device === 'b'));
    expect(seen).toEqual(windows.map((w) => `${w.device}/${w.sensor}@${w.end}`));
  });

  it('keeps everything without a filter', async () => {
    expect(await codec.decode(body, `x.${format}`)).toEqual(windows);
  });
});

describe('a filtered NDJSON decode', () => {
  const codec = windowCodec('ndjson');
  it('does not validate rows it leaves out, but refuses a wanted broken row and an unparseable line', () => {
    const broken = `${JSON.stringify({ device: 'z', sensor: 't', end: '2026-11-25T10:00:05.000Z' })}\n`;
    const keepA: WindowFilter = (device) => device === 'a';
    expect(codec.decode(bytes(broken), 'w.ndjson', keepA)).toEqual([]);
    expect(() => codec.decode(bytes(broken), 'w.ndjson', () => true)).toThrow(NonRetryableError);
    expect(() => codec.decode(bytes('{not json\n'), 'w.ndjson', keepA)).toThrow(/line 1/);
  });

  it('filters lines in another key order (no shortcut) exactly as canonical ones', () => {
    const reordered = windows
      .map(({ values, count, seconds, end, sensor, device }) =>
        JSON.stringify({ values, count, seconds, end, sensor, device }),
      )
      .join('\n');
    const keepC: WindowFilter = (device, sensor) => device === 'c' && sensor === 't2';
    expect(codec.decode(bytes(reordered), 'w.ndjson', keepC)).toEqual(
      windows.filter((w) => w.device === 'c' && w.sensor === 't2'),
    );
  });
});
