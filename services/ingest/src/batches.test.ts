import type { Reading, ReadingBatch } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { readingEvents } from './batches.js';

const reading = (device: string, n: number): Reading => ({
  device,
  sensor: 's',
  ts: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
  value: n,
});

describe('readingEvents', () => {
  it("groups by device, keeps each device's order, and splits long groups", () => {
    const readings = [
      reading('a', 0),
      reading('b', 1),
      reading('a', 2),
      reading('a', 3),
      reading('b', 4),
    ];
    const events = readingEvents('req', readings, 2);
    expect(events.map((e) => e.partitionKey)).toEqual(['a', 'a', 'b']);
    const bodies = events.map((e) => e.body as ReadingBatch);
    expect(bodies.map((b) => b.batchId)).toEqual(['req/a', 'req/a/1', 'req/b']);
    expect(bodies.map((b) => b.readings.map((r) => r.value))).toEqual([[0, 2], [3], [1, 4]]);
  });
});
