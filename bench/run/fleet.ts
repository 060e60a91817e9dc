/**
 * The synthetic fleet of `pnpm bench:run` and `pnpm bench:floor`, pure and deterministic: sensor
 * names, each sensor's 720 window values of one hour, and an rbf model per sensor with 2 to
 * `maxSupport` support vectors (100 for bench:run, 12 for bench:floor, as issue 25 measured).
 * The same values and models feed the run (windows and registry) and the floor (CSV and model
 * files), so both score exactly the same rows with exactly the same models.
 */
import { type Entity, entityKey, mulberry32 } from '@fleetscore/shared';
import type { OcsvmModel } from '@fleetscore/svm';

export const SENSORS_PER_DEVICE = 5;
export const WINDOW_MS = 5_000;
/** Windows per sensor in one hour of 5 s windows. */
export const WINDOWS_PER_HOUR = 720;

/** `count` sensors, five per device: dev0/s0 … dev0/s4, dev1/s0 … */
export function fleetSensors(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    device: `dev${Math.floor(i / SENSORS_PER_DEVICE)}`,
    sensor: `s${i % SENSORS_PER_DEVICE}`,
  }));
}

function seedOf(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

const levelOf = (key: string) => 10 + (seedOf(key) % 7) * 3;

/** The sensor's window averages: its level plus noise, a spike every 97th window. */
export function sensorValues(sensor: Entity, n = WINDOWS_PER_HOUR): Float64Array {
  const key = entityKey(sensor);
  const random = mulberry32(seedOf(key));
  const level = levelOf(key);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    values[i] = i % 97 === 13 ? level + 25 * random() : level + (random() - 0.5) * 2;
  }
  return values;
}

/** bench:run's largest model. */
export const MAX_SUPPORT = 100;

/** Support vectors of the sensor's model: 2 to `maxSupport`, spread by its key. */
export const supportCount = (sensor: Entity, maxSupport = MAX_SUPPORT) =>
  2 + (seedOf(`sv:${entityKey(sensor)}`) % (maxSupport - 1));

/**
 * An rbf one-class model around the sensor's level, built directly rather than fitted (fitting
 * 30,000 models would dominate the setup): support vectors spread over level ± 1.5, equal
 * dual coefficients summing to 1, ρ = 0.3. Typical readings score normal, spikes anomalous.
 */
export function sensorModel(sensor: Entity, maxSupport = MAX_SUPPORT): OcsvmModel {
  const key = entityKey(sensor);
  const n = supportCount(sensor, maxSupport);
  const level = levelOf(key);
  const supportVectors = new Float64Array(n);
  for (let i = 0; i < n; i += 1) supportVectors[i] = level - 1.5 + (3 * i) / (n - 1);
  return {
    features: ['Value'],
    nFeatures: 1,
    nSupport: n,
    scaler: null,
    kernel: 'rbf',
    gamma: 0.5,
    coef0: 0,
    degree: 3,
    supportVectors,
    dualCoef: new Float64Array(n).fill(1 / n),
    intercept: -0.3,
    training: { source: 'bench:run synthetic' },
  };
}
