/**
 * score-csv's loop: every sensor of the data and every model file, in key order, scored with
 * its model and written to preds_{device}_{tag}.csv. Output files are written behind the
 * scoring by the thread pool,
 * a bounded number at once, since creating a file is the slow part (about 0.25 ms of kernel
 * time each on the development VM). The results are those of one sensor after the other.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failureReason } from '@fleetscore/shared/errors';
import { type OcsvmModel, predict } from '@fleetscore/svm';
import type { SensorSource } from './fleet-sources.js';
import { modelOfFile, unreadable } from './model-file.js';

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
/** Model files being read at once (the thread pool has 4 threads). */
const MODEL_READS_IN_FLIGHT = 8;

/** A model file read: its model, or why it could not be (that sensor's error). */
export type LoadedModel = { model: OcsvmModel } | { error: unknown };

/**
 * Every model file of the folder (`listModelFiles`' map) read by the thread pool, a few at a
 * time, into memory: started before the data file is parsed, so the file system's share of
 * thousands of small reads (open, stat, read, close) runs beside the parsing.
 */
export function readModelFiles(
  dir: string,
  files: Map<string, string>,
): Promise<Map<string, Buffer | { error: unknown }>> {
  const entries = [...files];
  const read = new Map<string, Buffer | { error: unknown }>();
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [key, file] = entries[next++]!;
      const path = join(dir, file);
      read.set(
        key,
        await readFile(path).catch((error: unknown) => ({ error: unreadable(path, error) })),
      );
    }
  };
  return Promise.all(Array.from({ length: MODEL_READS_IN_FLIGHT }, worker)).then(() => read);
}

/** The models in the files `readModelFiles` read: each a model, or why it is not one. */
export function parseModelFiles(
  dir: string,
  files: Map<string, string>,
  read: Map<string, Buffer | { error: unknown }>,
): Map<string, LoadedModel> {
  const loaded = new Map<string, LoadedModel>();
  for (const [key, file] of files) {
    const bytes = read.get(key)!;
    try {
      if (!Buffer.isBuffer(bytes)) throw bytes.error;
      loaded.set(key, { model: modelOfFile(join(dir, file), bytes, {}).model });
    } catch (error) {
      loaded.set(key, { error });
    }
  }
  return loaded;
}

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
