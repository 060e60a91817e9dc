import type { Reading } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { RestoredFloor } from './restored-floor.js';

const FLOOR = Date.parse('2020-01-01T00:00:10.000Z');
const reading = (ts: string): Reading => ({ device: 'd', sensor: 's', ts, value: 1 });
const state = { seq: 4, lastSeq: 9, floorMs: FLOOR };

describe('RestoredFloor', () => {
  it('skips readings already flushed, applies the late policy to later ones', () => {
    const floor = new RestoredFloor(state, 5000, 'drop');
    const old = reading('2020-01-01T00:00:09.000Z'); // window ending 00:00:10 = the floor
    expect(floor.classify(old, 9, Number.NEGATIVE_INFINITY)).toEqual({ kind: 'skip' });
    const late = floor.classify(old, 10, Number.NEGATIVE_INFINITY);
    expect(late).toMatchObject({ kind: 'late', late: { outcome: 'dropped', position: 10 } });
    const fresh = reading('2020-01-01T00:00:10.001Z');
    expect(floor.classify(fresh, 10, Number.NEGATIVE_INFINITY)).toEqual({ kind: 'keep' });
  });

  it('under adjust re-stamps into the window after the floor', () => {
    const floor = new RestoredFloor(state, 5000, 'adjust');
    const verdict = floor.classify(reading('2020-01-01T00:00:01.000Z'), 12, 0);
    expect(verdict).toMatchObject({
      kind: 'late',
      reading: { ts: '2020-01-01T00:00:10.001Z' },
      late: { outcome: 'adjusted', adjustedTo: '2020-01-01T00:00:15.000Z' },
    });
  });

  it('steps aside once the engine watermark reaches the floor, or with no floor', () => {
    const floor = new RestoredFloor(state, 5000, 'drop');
    const old = reading('2020-01-01T00:00:01.000Z');
    expect(floor.classify(old, 20, FLOOR)).toEqual({ kind: 'keep' });
    expect(floor.classify(old, 20, 0)).toEqual({ kind: 'keep' });
    const none = new RestoredFloor({ seq: -1, lastSeq: -1, floorMs: null }, 5000, 'drop');
    expect(none.classify(old, 0, 0)).toEqual({ kind: 'keep' });
  });
});
