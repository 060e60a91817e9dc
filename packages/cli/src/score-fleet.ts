/**
 * score-csv's loop: every sensor of the data and every model file, in key order, scored with
 * its model and written to preds_{device}_{tag}.csv. Model files are read a few sensors ahead
 * and output files written behind the scoring, each with a bound on what is in flight, so the
 * one thread scores while the file system works; the results are those of one sensor after
 * the other.
 */
import { join } from 'node:path';
import { failureReason } from '@fleetscore/shared';
import { type OcsvmModel, predict } from '@fleetscore/svm';
import type { SensorSource } from './fleet-sources.js';
import { loadModelFile } from './model-file.js';

export interface SensorResult {
  device: string;
  tag: string;
  rows: number;
  anomalies: number;
  status: 'scored' | 'no model' | 'no data' | 'error';
  error?: string;
}

/** Model files read ahead of the sensor being scored. */
const MODELS_AHEAD = 32;
/** Output files being written at once. */
const WRITES_IN_FLIGHT = 16;

type Loaded = { model: OcsvmModel } | { error: unknown };

export async function scoreFleet(
  models: Map<string, string>,
  sensors: Map<string, SensorSource>,
  dirs: { models: string; out: string },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<SensorResult[]> {
  const keys = [...new Set([...models.keys(), ...sensors.keys()])].sort();
  // Only sensors with both a model and data have a model to read.
  const toLoad = keys.filter((key) => models.has(key) && sensors.has(key));
  const loads = new Map<string, Promise<Loaded>>();
  let nextLoad = 0;
  const readAhead = () => {
    while (nextLoad < toLoad.length && loads.size < MODELS_AHEAD) {
      const key = toLoad[nextLoad++]!;
      // Settled into a value at once: a failed read waiting its turn is not an unhandled
      // rejection, and becomes that sensor's error when its turn comes.
      loads.set(
        key,
        loadModelFile(join(dirs.models, models.get(key)!)).then(
          ({ model }) => ({ model }),
          (error: unknown) => ({ error }),
        ),
      );
    }
  };
  const results: Promise<SensorResult>[] = [];
  const writing: Promise<unknown>[] = [];
  for (const [i, key] of keys.entries()) {
    const [device = '', tag = ''] = key.split('/');
    const file = models.get(key);
    const source = sensors.get(key);
    if (file === undefined) {
      const rows = source?.rows ?? 0;
      results.push(Promise.resolve({ device, tag, rows, anomalies: 0, status: 'no model' }));
    } else if (source === undefined) {
      results.push(Promise.resolve({ device, tag, rows: 0, anomalies: 0, status: 'no data' }));
    } else {
      readAhead();
      const loaded = await loads.get(key)!;
      loads.delete(key);
      readAhead();
      const result = scoreSensor(loaded, source, dirs.out);
      results.push(result);
      writing.push(result);
      if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
    }
    onProgress(i + 1, keys.length);
  }
  return Promise.all(results);
}

/** Scores one sensor and starts writing its file; never rejects (a failure is its result). */
function scoreSensor(loaded: Loaded, source: SensorSource, out: string): Promise<SensorResult> {
  const { device, tag } = source;
  const failed = (error: unknown): SensorResult => ({
    device,
    tag,
    rows: source.rows,
    anomalies: 0,
    status: 'error',
    error: failureReason(error),
  });
  try {
    if ('error' in loaded) throw loaded.error;
    const { model } = loaded;
    if (model.nFeatures !== 1) {
      throw new Error(
        `the model has ${model.nFeatures} features; score-csv scores one Value column`,
      );
    }
    const labels = predict(model, source.values());
    let anomalies = 0;
    for (const label of labels) if (label === -1) anomalies += 1;
    const scored: SensorResult = { device, tag, rows: labels.length, anomalies, status: 'scored' };
    return source.write(join(out, `preds_${device}_${tag}.csv`), labels).then(
      () => scored,
      (error: unknown) => failed(error),
    );
  } catch (error) {
    return Promise.resolve(failed(error));
  }
}
