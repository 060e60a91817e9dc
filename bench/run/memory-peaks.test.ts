import { describe, expect, it } from 'vitest';
import { memoryLine, noMemory, peaksWith } from './memory-peaks.js';

const MIB = 2 ** 20;

describe('memory peaks', () => {
  it('keeps the peak of each part across samples, each part on its own', () => {
    const first = { rss: 400, heapTotal: 200, heapUsed: 150, external: 30, arrayBuffers: 20 };
    const second = { rss: 380, heapTotal: 210, heapUsed: 120, external: 90, arrayBuffers: 85 };
    const peaks = peaksWith(peaksWith(noMemory(), first), second);
    expect(peaks).toEqual({
      rss: 400,
      heapTotal: 210,
      heapUsed: 150,
      external: 90,
      arrayBuffers: 85,
    });
  });

  it('prints MiB', () => {
    const peaks = {
      rss: 480 * MIB,
      heapTotal: 190 * MIB,
      heapUsed: 160 * MIB,
      external: 90 * MIB,
      arrayBuffers: 85 * MIB,
    };
    expect(memoryLine(peaks)).toBe('rss 480 · heap 190/160 · external 90 (buffers 85) MiB');
  });
});
