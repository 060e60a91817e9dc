import type { RunReport, TrainingParams } from '@fleetscore/shared';
import type { RunRecord, RunTrigger } from '@fleetscore/shared/ledger';

/**
 * What the REST API (and through it the CLI) asks of runs. Implemented over the ledger, the
 * registry and the job queue (`ledger-run-service.ts`); the HTTP layer only validates, authenticates and maps errors:
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
