import type { WindowRecord } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { seriesOf } from '../scoring/window-series.js';
import { trainingFeatures } from './training-features.js';

const window = (sensor: string): WindowRecord => ({
  device: 'd1',
  sensor,
  end: '2026-11-25T10:00:05.000Z',
  seconds: 5,
  count: 1,
  values: { avg: 1 },
});

describe('training features', () => {
  it('are Value for a sensor, and for a device the sensors seen, sorted', () => {
    const device = seriesOf(['t2', 't10', 'a'].map(window)).get('d1');
    expect(trainingFeatures({ device: 'd1', sensor: 't2' }, device)).toEqual(['Value']);
    expect(trainingFeatures({ device: 'd1' }, device)).toEqual(['a', 't10', 't2']);
    expect(trainingFeatures({ device: 'd9' }, undefined)).toEqual([]);
  });
});
