import { type Kernel, MODEL_FORMAT, type OcsvmModel } from './model.js';

/** A StandardScaler as written in the document; a zero `scale` entry acts as 1. */
export interface ScalerDocument {
  mean: number[];
  scale: number[];
}

/**
 * The `fleetscore.ocsvm/v1` JSON document, in the normalised form `toDocument` writes.
 * `parseModel` also accepts `scaler` and `training` absent (read as `null` and `{}`).
 */
export interface ModelDocument {
  format: typeof MODEL_FORMAT;
  /** Input column names, in the order the rows carry them. */
  features: string[];
  /** `null`: the rows are scored as they are. */
  scaler: ScalerDocument | null;
  kernel: Kernel;
  /** The resolved gamma (scikit-learn's `_gamma`), ≥ 0. */
  gamma: number;
  coef0: number;
  /** A non-negative integer; only the poly kernel uses it. */
  degree: number;
  /** One array of `features.length` numbers per support vector, in the scaled space. */
  supportVectors: number[][];
  /** scikit-learn's `dual_coef_[0]`, one per support vector. */
  dualCoef: number[];
  /** scikit-learn's `intercept_[0]` (= −ρ). */
  intercept: number;
  /** Free-form provenance (JSON values only). */
  training: Record<string, unknown>;
}

/** The document for a model; `parseModel(toDocument(m))` deep-equals `m`. Copies everything. */
export function toDocument(model: OcsvmModel): ModelDocument {
  const d = model.nFeatures;
  const supportVectors: number[][] = [];
  for (let i = 0; i < model.nSupport; i++) {
    supportVectors.push(Array.from(model.supportVectors.subarray(i * d, (i + 1) * d)));
  }
  return {
    format: MODEL_FORMAT,
    features: [...model.features],
    scaler:
      model.scaler === null
        ? null
        : { mean: Array.from(model.scaler.mean), scale: Array.from(model.scaler.scale) },
    kernel: model.kernel,
    gamma: model.gamma,
    coef0: model.coef0,
    degree: model.degree,
    supportVectors,
    dualCoef: Array.from(model.dualCoef),
    intercept: model.intercept,
    training: structuredClone(model.training) as Record<string, unknown>,
  };
}
