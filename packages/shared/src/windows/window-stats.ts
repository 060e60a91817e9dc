import type { Aggregate, WindowRecord } from '../contracts/window.js';

/**
 * The running state of one (device, sensor, window end): O(1) memory whatever the number of
 * readings. Mean and M2 follow Welford's online algorithm, so `stddev` does not suffer the
 * catastrophic cancellation of Σx² − (Σx)²/n on values like 84.92 ± 0.01.
 */
export interface Accumulator {
  readonly device: string;
  readonly sensor: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  /** Σ (x − mean)², Welford's running second moment. */
  m2: number;
}

export function newAccumulator(device: string, sensor: string, value: number): Accumulator {
  return { device, sensor, count: 1, sum: value, min: value, max: value, mean: value, m2: 0 };
}

/** Folds one more value in. */
export function accumulate(acc: Accumulator, value: number): void {
  acc.count += 1;
  acc.sum += value;
  if (value < acc.min) acc.min = value;
  if (value > acc.max) acc.max = value;
  const delta = value - acc.mean;
  acc.mean += delta / acc.count;
  acc.m2 += delta * (value - acc.mean);
}

/**
 * The configured aggregates of a window. `avg` is sum / count in float64 — plain arithmetic,
 * so the reference's averages are reproduced bit for bit (the Welford mean can differ in the
 * last bit). `stddev` is the sample standard deviation, √(M2 / (n − 1)), like Stream Analytics'
 * STDEV (not STDEVP); with a single reading it is undefined, as SQL's NULL, and left out of
 * `values` (JSON has no NaN).
 */
export function aggregateValues(
  acc: Accumulator,
  aggregates: readonly Aggregate[],
): WindowRecord['values'] {
  const values: WindowRecord['values'] = {};
  for (const aggregate of aggregates) {
    switch (aggregate) {
      case 'avg':
        values.avg = acc.sum / acc.count;
        break;
      case 'min':
        values.min = acc.min;
        break;
      case 'max':
        values.max = acc.max;
        break;
      case 'count':
        values.count = acc.count;
        break;
      case 'sum':
        values.sum = acc.sum;
        break;
      case 'stddev':
        if (acc.count > 1) values.stddev = Math.sqrt(acc.m2 / (acc.count - 1));
        break;
    }
  }
  return values;
}
