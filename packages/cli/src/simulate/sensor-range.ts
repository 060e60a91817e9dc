/**
 * The reference simulator drew each raw reading uniformly from its tag's range. Sensor k
 * (1-based) of any device reuses the reference range of tag ((k − 1) mod 5) + 1, so sensors
 * 1–5 are exactly the reference's and larger fleets repeat the pattern.
 */
const REFERENCE_RANGES: readonly (readonly [number, number])[] = [
  [10, 15],
  [30, 40],
  [60, 65],
  [80, 85],
  [100, 110],
];

export interface SensorRange {
  lo: number;
  hi: number;
}

export function sensorRange(sensor: number): SensorRange {
  const [lo, hi] = REFERENCE_RANGES[(sensor - 1) % REFERENCE_RANGES.length] ?? [0, 1];
  return { lo, hi };
}
