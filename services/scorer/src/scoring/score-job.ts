import type { LoadedModel, ModelRegistry } from '@fleetscore/registry';
import {
  anomalyOf,
  type BlobStore,
  type EntityOutcome,
  type PlannedEntity,
  parseEntityKey,
  predictionsBlobName,
  type ScoringJob,
} from '@fleetscore/shared';
import type { SvmRunner } from '@fleetscore/svm/pool';
import pMap from 'p-map';
import { allOrAbort } from '../jobs/all-or-abort.js';
import { entityProblem, isEntityLevel } from '../jobs/failures.js';
import type { JobLog } from '../jobs/job-log.js';
import type { JobResult } from '../jobs/job-outcome.js';
import { capUnmodelled, findUnmodelled } from '../jobs/job-summary.js';
import { type ModelCache, modelCacheKey } from '../models/model-cache.js';
import type { ModelPackWriter } from '../models/model-pack-writer.js';
import { type Prefetched, prefetchModels } from '../models/prefetch-models.js';
import { readJobWindows } from './job-windows.js';
import { predictionsBody, type ScoredEntity } from './predictions-csv.js';
import { entityRows, missingReason } from './rows.js';
import type { DeviceSeries } from './window-series.js';

export interface ScoreDeps {
  blobs: BlobStore;
  registry: Pick<ModelRegistry, 'currentVersions'>;
  models: ModelCache;
  /** Stores the model packs a job builds from the registry. */
  packs: ModelPackWriter;
  svm: SvmRunner;
  /** Entities scored at once (models and rows in memory). */
  parallelism: number;
  /** Model reads in flight on a cold cache (I/O: latency-bound, not CPU-bound). */
  loadParallelism: number;
}

/**
 * One scoring job: read the shard's windows of the range once (its entities' devices only, as
 * columns), score each entity with its planned model version, write the job's single
 * prediction blob. A missing or corrupt model,
 * or rows a model cannot take, fail that entity alone; storage failures fail the job (retried).
 */
export async function scoreJob(
  job: ScoringJob,
  deps: ScoreDeps,
  log: JobLog,
  signal: AbortSignal,
): Promise<JobResult> {
  const started = performance.now();
  const devices = new Set(job.entities.map((e) => parseEntityKey(e.entity)!.device));
  // Every sensor of the shard is only looked at (not kept) when reporting unmodelled ones.
  const sensorsSeen = job.reportUnmodelled ? new Set<string>() : undefined;
  // The windows (a stream, parsed on this thread) and the models (many small reads on a cold
  // cache, mostly waiting) are read at the same time: a cold job waits for the slower only.
  // Either failing stops the other.
  const reading = (both: AbortSignal) =>
    (job.entities.length > 0 || job.reportUnmodelled
      ? readJobWindows(deps.blobs, job, devices, both, sensorsSeen)
      : Promise.resolve({ byDevice: new Map<string, DeviceSeries>(), windows: 0 })
    ).then((read) => ({ ...read, readMs: performance.now() - started }));
  const [{ byDevice, windows, readMs }, { source, models }] = await allOrAbort<
    [Awaited<ReturnType<typeof reading>>, Prefetched]
  >(signal, (both) => [reading(both), prefetchModels(job.entities, deps, log, both)]);
  log.add({ event: 'windows', windows, readMs: Math.round(readMs) });
  log.add({
    event: 'models',
    versions: Object.fromEntries(job.entities.map((e) => [e.entity, e.version])),
    source,
  });

  const predictions: ScoredEntity[] = [];
  // scoreEntity catches its entity's own failures: only a job-level one stops the lanes.
  const outcomes = await pMap(
    job.entities,
    async (planned) => {
      const outcome = await scoreEntity(planned, byDevice, models, deps, predictions, signal);
      log.add({ event: 'entity', ...outcome });
      return outcome;
    },
    { concurrency: deps.parallelism },
  );
  const scoredMs = performance.now() - started;
  // The columns are scored: let them go before the write, the job's longest step.
  byDevice.clear();
  models.clear();

  const name = predictionsBlobName(job.runId, job.jobIndex, new Date(job.from));
  await deps.blobs.put(name, predictionsBody(predictions, job.runId), {
    contentType: 'text/csv',
    signal,
  });
  const result: JobResult = {
    outcomes,
    predictions: name,
    timings: {
      readMs: Math.round(readMs),
      scoreMs: Math.round(scoredMs - readMs),
      writeMs: Math.round(performance.now() - scoredMs),
    },
  };
  if (job.reportUnmodelled) {
    const unmodelled = await unmodelledSensors(sensorsSeen ?? new Set(), deps.registry);
    log.add({ event: 'unmodelled', sensors: unmodelled });
    Object.assign(result, capUnmodelled(unmodelled));
  }
  return result;
}

async function scoreEntity(
  planned: PlannedEntity,
  byDevice: ReadonlyMap<string, DeviceSeries>,
  prefetched: ReadonlyMap<string, LoadedModel>,
  deps: ScoreDeps,
  predictions: ScoredEntity[],
  signal: AbortSignal,
): Promise<EntityOutcome> {
  const entity = parseEntityKey(planned.entity)!;
  const base = { entity: planned.entity, modelVersion: planned.version, rows: 0, anomalies: 0 };
  try {
    const { model } =
      prefetched.get(modelCacheKey(entity, planned.version)) ??
      (await deps.models.get(entity, planned.version, signal));
    const rows = entityRows(entity, model.features, byDevice.get(entity.device));
    const reason = missingReason(rows);
    const n = rows.ts.length;
    if (n === 0) return { ...base, status: 'no-data', ...(reason ? { reason } : {}) };
    const decisions = await deps.svm.decide(model, rows.matrix);
    let anomalies = 0;
    for (let r = 0; r < n; r += 1) anomalies += anomalyOf(decisions[r]!);
    predictions.push({
      device: entity.device,
      tag: entity.sensor ?? '',
      modelVersion: planned.version,
      ts: rows.ts,
      tsMs: rows.tsMs,
      values: rows.values,
      decisions,
    });
    return { ...base, status: 'scored', rows: n, anomalies, ...(reason ? { reason } : {}) };
  } catch (error) {
    if (signal.aborted || !isEntityLevel(error)) throw error;
    return { ...base, status: 'failed', reason: entityProblem(error) };
  }
}

/** Sensors (`device/sensor`) with windows in this job's shard and range that have no current model. */
async function unmodelledSensors(
  sensors: ReadonlySet<string>,
  registry: Pick<ModelRegistry, 'currentVersions'>,
): Promise<string[]> {
  const modelled = new Set<string>();
  for await (const { entity } of registry.currentVersions()) modelled.add(entity);
  return findUnmodelled(sensors, modelled);
}
