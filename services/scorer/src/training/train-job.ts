import type { ModelRegistry } from '@fleetscore/registry';
import {
  type BlobStore,
  type EntityOutcome,
  parseEntityKey,
  type TrainingJob,
} from '@fleetscore/shared';
import type { SvmRunner } from '@fleetscore/svm/pool';
import pMap from 'p-map';
import { entityProblem, isEntityLevel } from '../jobs/failures.js';
import type { JobLog } from '../jobs/job-log.js';
import type { JobResult } from '../jobs/job-outcome.js';
import { readJobWindows } from '../scoring/job-windows.js';
import { entityRows, missingReason } from '../scoring/rows.js';
import type { DeviceSeries } from '../scoring/window-series.js';
import { trainingFeatures } from './training-features.js';

export interface TrainDeps {
  blobs: BlobStore;
  registry: Pick<ModelRegistry, 'register' | 'versions'>;
  svm: SvmRunner;
  parallelism: number;
}

/**
 * One training job: per entity, fit a one-class SVM on its windows with the job's parameters
 * and register it as the current version, noted with the run id. A retried job finds the
 * version its earlier attempt registered (same note) and does not register a second one.
 */
export async function trainJob(
  job: TrainingJob,
  deps: TrainDeps,
  log: JobLog,
  signal: AbortSignal,
): Promise<JobResult> {
  const started = performance.now();
  const devices = new Set(job.entities.map((key) => parseEntityKey(key)!.device));
  const { byDevice, windows } =
    job.entities.length > 0
      ? await readJobWindows(deps.blobs, job, devices, signal)
      : { byDevice: new Map<string, DeviceSeries>(), windows: 0 };
  const readMs = performance.now() - started;
  log.add({ event: 'windows', windows, readMs: Math.round(readMs) });
  // trainEntity catches its entity's own failures: only a job-level one stops the lanes.
  const outcomes = await pMap(
    job.entities,
    async (key) => {
      const outcome = await trainEntity(job, key, byDevice, deps, signal);
      log.add({ event: 'entity', ...outcome });
      return outcome;
    },
    { concurrency: deps.parallelism },
  );
  return {
    outcomes,
    timings: {
      readMs: Math.round(readMs),
      trainMs: Math.round(performance.now() - started - readMs),
    },
  };
}

async function trainEntity(
  job: TrainingJob,
  key: string,
  byDevice: ReadonlyMap<string, DeviceSeries>,
  deps: TrainDeps,
  signal: AbortSignal,
): Promise<EntityOutcome> {
  const entity = parseEntityKey(key)!;
  const base = { entity: key, rows: 0, anomalies: 0 };
  try {
    const device = byDevice.get(entity.device);
    const features = trainingFeatures(entity, device);
    const rows = entityRows(entity, features, device);
    const reason = missingReason(rows);
    const n = rows.ts.length;
    if (n === 0 || features.length === 0) {
      return { ...base, status: 'no-data', ...(reason ? { reason } : {}) };
    }
    const earlier = (await deps.registry.versions(entity)).find((v) => v.note === job.runId);
    if (earlier !== undefined) {
      return { ...base, status: 'trained', rows: n, modelVersion: earlier.version };
    }
    const { params } = job;
    const model = await deps.svm.fit(rows.matrix, features.length, {
      nu: params.nu,
      gamma: params.gamma,
      kernel: params.kernel,
      standardize: params.standardize,
      features,
    });
    signal.throwIfAborted();
    const registered = await deps.registry.register(entity, model, { note: job.runId });
    return {
      ...base,
      status: 'trained',
      rows: n,
      modelVersion: registered.version,
      ...(reason ? { reason } : {}),
    };
  } catch (error) {
    if (signal.aborted || !isEntityLevel(error)) throw error;
    return { ...base, status: 'failed', reason: entityProblem(error) };
  }
}
