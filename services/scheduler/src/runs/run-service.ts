import type { RunRecord, RunTrigger, TrainingParams } from '@fleetscore/shared';

/**
 * What the REST API (and through it the CLI) asks of runs. Implemented over the ledger, the
 * registry and the job queue; the HTTP layer only validates, authenticates and maps errors:
 * `NotFoundError` → 404, `AlreadyExistsError` / `PreconditionFailedError` (a state conflict,
 * e.g. retrying a cancelled run) → 409, `NonRetryableError` → 400.
 */
export interface RunService {
  /** Plans and enqueues a scoring run over `[from, to)`; a backfill when in the past. */
  trigger(request: RunRequest): Promise<RunRecord>;
  /** Plans and enqueues a training run: one model per entity, registered when fitted. */
  train(request: TrainingRequest): Promise<RunRecord>;
  /** Re-enqueues the run's failed and dead-lettered jobs; returns how many. */
  retry(runId: string): Promise<{ run: RunRecord; requeued: number }>;
  /** Cancels a run that has not ended: queued jobs are skipped by the scorers. */
  cancel(runId: string): Promise<RunRecord>;
  /** Puts one dead-lettered job (`{runId}/{index}`) back on the queue. */
  replayDeadLetter(jobId: string): Promise<{ replayed: boolean }>;
  /** The completeness report of an ended run, `undefined` while it runs. */
  report(runId: string): Promise<RunReport | undefined>;
}

export interface RunRequest {
  from: Date;
  to: Date;
  /** Entity keys; default every entity with a current model. */
  entities?: string[];
  trigger: RunTrigger;
}

export interface TrainingRequest extends RunRequest {
  params: TrainingParams;
}

/** Written to `runs/{runId}/report.json` when a run ends. */
export interface RunReport {
  runId: string;
  state: RunRecord['state'];
  from: string;
  to: string;
  generatedAt: string;
  totals: NonNullable<RunRecord['totals']>;
  /** Every entity of the run, in key order. */
  entities: Array<{
    entity: string;
    status: 'scored' | 'trained' | 'no-data' | 'no-model' | 'failed';
    rows: number;
    anomalies: number;
    modelVersion?: number;
    reason?: string;
    job?: number;
  }>;
  /** Sensors with windows in the range and no model (runs over every model). */
  unmodelled: string[];
  /** Entities with no data now that had data in the previous run over the preceding window. */
  silent: string[];
  /** Jobs that ended dead-lettered, with their reasons. */
  deadLettered: Array<{ job: number; reason: string }>;
}
