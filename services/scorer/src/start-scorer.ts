import { hostname } from 'node:os';
import type { ModelRegistry } from '@fleetscore/registry';
import type { BlobStore, Consumer, ConsumerQueue, Logger } from '@fleetscore/shared';
import type { Ledger } from '@fleetscore/shared/ledger';
import { createSvmRunner } from '@fleetscore/svm/pool';
import { createJobHandler } from './jobs/job-handler.js';
import { createModelCache, type ModelCacheOptions } from './models/model-cache.js';
import { tracedModelLoads } from './models/model-cache-telemetry.js';
import { createModelPackWriter } from './models/model-pack-writer.js';
import { type ScoreDeps, scoreJob } from './scoring/score-job.js';
import { type TrainDeps, trainJob } from './training/train-job.js';

export interface ScorerDeps {
  /** Consumed only: the scorer never reads depth (no management right on Service Bus). */
  queue: ConsumerQueue<unknown>;
  blobs: BlobStore;
  ledger: Ledger;
  registry: ModelRegistry;
  log: Logger;
}

export interface ScorerOptions {
  /** Jobs at once. */
  concurrency: number;
  /** SVM worker threads; 0 scores on the main thread. */
  threads: number;
  /** Attempts of a job before its dead letter. */
  jobAttempts: number;
  /** Queue lock, renewed while a job runs, ms. */
  lockMs: number;
  modelCache: ModelCacheOptions;
  /** Default `host:pid`. */
  workerId?: string;
  /** Backoff of the queue's retries, ms (default the port's: 1,000 doubling to 60,000). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface Scorer {
  readonly workerId: string;
  /** Stops taking jobs, lets running ones finish within `deadlineMs` (else hands them back), closes the pool. */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * Model reads in flight per job on a cold cache. A read is a small blob GET that mostly waits
 * on storage, so the SVM threads do not bound it (it was their parallelism, 2 with one thread:
 * 625 models read a pair at a time). 16 per job keeps 2 scorers × 2 jobs at 64 reads in
 * flight, within what Azurite serves. Measured (bench:run): at 2,500 sensors a cold run's extra
 * time over a steady one fell from 36 to 22 s; at 10,000 on 2 cores, none — Azurite, sharing
 * the cores with the scorers, is then the bound.
 */
const MODEL_LOAD_PARALLELISM = 16;

/** A scorer process's work: consume scoring and training jobs from the queue. */
export function startScorer(deps: ScorerDeps, options: ScorerOptions): Scorer {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const svm = createSvmRunner(options.threads);
  // Loads (cache misses) get a `load model` span of their own.
  const models = createModelCache(tracedModelLoads(deps.registry), options.modelCache);
  const packs = createModelPackWriter(deps.blobs);
  // Enough entities in flight to keep every thread busy, few enough to bound memory.
  const parallelism = Math.max(2, options.threads * 2);
  const scoring: ScoreDeps = {
    blobs: deps.blobs,
    registry: deps.registry,
    models,
    packs,
    svm,
    parallelism,
    loadParallelism: MODEL_LOAD_PARALLELISM,
  };
  const training: TrainDeps = { blobs: deps.blobs, registry: deps.registry, svm, parallelism };
  const handler = createJobHandler({
    blobs: deps.blobs,
    ledger: deps.ledger,
    log: deps.log,
    workerId,
    maxAttempts: options.jobAttempts,
    ...(deps.queue.messaging ? { messaging: deps.queue.messaging } : {}),
    execute: (job, log, signal) =>
      job.kind === 'score'
        ? scoreJob(job, scoring, log, signal)
        : trainJob(job, training, log, signal),
  });
  const consumer: Consumer = deps.queue.consume(handler, {
    concurrency: options.concurrency,
    lockMs: options.lockMs,
    maxAttempts: options.jobAttempts,
    ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
    ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
  });
  let closing: Promise<void> | undefined;
  return {
    workerId,
    close(closeOptions = {}) {
      closing ??= consumer.close(closeOptions).finally(() => svm.close());
      return closing;
    },
  };
}
