import type { ModelRegistry } from '@fleetscore/registry';
import type { BlobStore, HealthCheck, JobPayload, JobQueue, Schedule } from '@fleetscore/shared';
import type { Authenticator } from '@fleetscore/shared/http';
import type { Ledger } from '@fleetscore/shared/ledger';
import type { ScalingPolicy } from '@fleetscore/shared/scaling';
import type { FastifyBaseLogger } from 'fastify';
import type { BoardQueue } from '../queue-board/queue-board.js';
import type { RunService } from '../runs/run-service.js';

/** Everything the REST API needs; main.ts builds these from the configuration. */
export interface ApiDeps {
  /** Readiness: the ledger's table, the job queue and the blob store must answer. */
  checks: readonly HealthCheck[];
  runs: RunService;
  ledger: Ledger;
  registry: ModelRegistry;
  /** The scoring queue: depth (metrics, scaling) and dead letters. */
  queue: JobQueue<JobPayload>;
  /** Prediction blobs are read from here. */
  blobs: BlobStore;
  schedules: readonly Schedule[];
  /** IANA time zone the schedules are read in. */
  timeZone: string;
  /** Guards every route (the read routes too unless `publicReads`) by the role it declares. */
  auth: Authenticator;
  /** GET routes need no credential. Default false. */
  publicReads?: boolean;
  /**
   * The BullMQ queue behind `queue`, for Bull Board at `/queues` (local backend only; main.ts
   * gets it from `bullMqQueueOf`). Default: no board.
   */
  queueBoard?: BoardQueue;
  /** How `/v1/scaling` and `/metrics` (internal listener) turn the backlog into scorer replicas. */
  scaling: ScalingPolicy;
  /** Largest model upload, bytes. Default 16 MiB. */
  maxModelBytes?: number;
  /** Request logging. Default: none. */
  log?: FastifyBaseLogger;
  /** The clock (tests pass a fixed one). Default `() => new Date()`. */
  now?: () => Date;
}
