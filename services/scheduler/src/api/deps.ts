import type { ModelRegistry } from '@fleetscore/registry';
import type {
  Authenticator,
  BlobStore,
  HealthCheck,
  JobPayload,
  JobQueue,
  Ledger,
  PrometheusMetrics,
  ScalingPolicy,
  Schedule,
} from '@fleetscore/shared';
import type { FastifyBaseLogger } from 'fastify';
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
  /** Guards every mutating route, and the read routes unless `publicReads`. */
  auth: Authenticator;
  /** GET routes need no credential. Default false. */
  publicReads?: boolean;
  /** How `/v1/scaling` (and the desired-replicas gauge) turn the backlog into scorer replicas. */
  scaling: ScalingPolicy;
  /**
   * Served on `GET /metrics`; the scheduler's gauges are created on its meter. In the service it
   * is the process's (`startTelemetry`), so they also reach OTLP or Azure Monitor.
   */
  metrics: PrometheusMetrics;
  /** Largest model upload, bytes. Default 16 MiB. */
  maxModelBytes?: number;
  /** Request logging. Default: none. */
  log?: FastifyBaseLogger;
  /** The clock (tests pass a fixed one). Default `() => new Date()`. */
  now?: () => Date;
}
