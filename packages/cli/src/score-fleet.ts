/**
 * score-csv's loop: every sensor of the data and every model file, in key order, scored with
 * its model and written to preds_{device}_{tag}.csv. Output files are written behind the
 * scoring by the thread pool,
 * a bounded number at once, since creating a file is the slow part (about 0.25 ms of kernel
 * time each on the development VM). The results are those of one sensor after the other.
 */
import { join } from 'node:path';
import { failureReason } from '@fleetscore/shared/errors';
import { type OcsvmModel, predict } from '@fleetscore/svm';
import type { SensorSource } from './fleet-sources.js';

export interface SensorResult {
  device: string;
  tag: string;
  rows: number;
  anomalies: number;
  status: 'scored' | 'no model' | 'no data' | 'error';
  error?: string;
}

/** Output files being written at once. */
const WRITES_IN_FLIGHT = 16;

/** A model file read: its model, or why it could not be (that sensor's error). */
export type LoadedModel = { model: OcsvmModel } | { error: unknown };

export async function scoreFleet(
  models: Map<string, LoadedModel>,
  sensors: Map<string, SensorSource>,
  out: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<SensorResult[]> {
  const keys = [...new Set([...models.keys(), ...sensors.keys()])].sort();
  const results: Promise<SensorResult>[] = [];
  const writing: Promise<unknown>[] = [];
  for (const [i, key] of keys.entries()) {
    const [device = '', tag = ''] = key.split('/');
    const loaded = models.get(key);
    const source = sensors.get(key);
    if (loaded === undefined) {
      const rows = source?.rows ?? 0;
      results.push(Promise.resolve({ device, tag, rows, anomalies: 0, status: 'no model' }));
    } else if (source === undefined) {
      results.push(Promise.resolve({ device, tag, rows: 0, anomalies: 0, status: 'no data' }));
    } else {
      const result = scoreSensor(loaded, source, out);
      results.push(result);
      writing.push(result);
      if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
    }
    onProgress(i + 1, keys.length);
  }
  return Promise.all(results);
}

/** Scores one sensor and starts writing its file; never rejects (a failure is its result). */
function scoreSensor(
  loaded: LoadedModel,
  source: SensorSource,
  out: string,
): Promise<SensorResult> {
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
