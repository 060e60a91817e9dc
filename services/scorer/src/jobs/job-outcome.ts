import type { EntityOutcome } from '@fleetscore/shared';

/**
 * What a job's work (a scoring or a training job) hands back to the job handler, which records
 * it: the outcome of each entity in the job's order, and for a scoring job its prediction blob
 * and the sensors it found without a model.
 */
export interface JobResult {
  outcomes: EntityOutcome[];
  /** The prediction blob written (scoring jobs). */
  predictions?: string;
  unmodelled?: string[];
  unmodelledMore?: number;
  /** Durations of the work's phases, ms (`readMs`, `scoreMs` or `trainMs`, `writeMs`). */
  timings: Record<string, number>;
}

/**
 * How a delivery of a job ended. `handed-back`: its lock was lost or the scorer shut down.
 * `duplicate`: a redelivery of a job whose earlier delivery had already ended.
 */
export type JobOutcome =
  | 'succeeded'
  | 'failed'
  | 'dead-lettered'
  | 'cancelled'
  | 'handed-back'
  | 'duplicate';
