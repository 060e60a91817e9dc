import type { Reading } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from './decode.js';

const reading = (ts: string): Reading => ({ device: 'd', sensor: 's', ts, value: 1 });

describe('decodeEvent', () => {
  const event = (body: unknown) => ({
    partitionId: '0',
    offset: '1-0',
    sequenceNumber: 1,
    enqueuedTime: new Date(0),
    partitionKey: 'd',
    body,
    properties: {},
  });

  it('accepts a reading batch and names what is wrong with anything else', () => {
    const batch = { batchId: 'b', readings: [reading('2020-01-01T00:00:01.000Z')] };
    expect(decodeEvent(event(batch))).toEqual({ ok: true, batch });
    const bad = decodeEvent(event({ batchId: 'b', readings: [{ device: '../x' }] }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/readings\.0\.device/);
  });
});
