import { decisionFunction } from '../decision.js';
import { type FitParams, fitOneClassSvm } from '../fit/index.js';
import type { OcsvmModel } from '../model.js';

/**
 * The CPU-bound work of a job, as messages a worker thread can run: plain objects of typed
 * arrays (structured clone copies the model; the row buffers are transferred). Kept free of
 * I/O so the same function runs inline when no threads are configured.
 */
export type SvmTask =
  | { kind: 'decide'; model: OcsvmModel; rows: Float64Array }
  | { kind: 'fit'; rows: Float64Array; nFeatures: number; params: FitParams };

export type SvmResult = Float64Array | OcsvmModel;

export function runSvmTask(task: SvmTask): SvmResult {
  if (task.kind === 'decide') return decisionFunction(task.model, task.rows);
  return fitOneClassSvm(task.rows, task.nFeatures, task.params);
}

/** The model without its free-form provenance: what a thread needs to score, cheap to clone. */
export function scoringModel(model: OcsvmModel): OcsvmModel {
  return { ...model, training: {} };
}
