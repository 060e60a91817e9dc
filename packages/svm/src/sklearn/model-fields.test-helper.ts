import type { OcsvmModel } from '../model.js';

/**
 * Shared by the fixture tests (not a test itself): the fields an `*.expected.json` written by
 * fixtures/gen_sklearn.py carries, and the same fields read off an imported model, as plain
 * objects for `toEqual` (which compares numbers with Object.is: exact float64 equality).
 */
export interface ExpectedModel {
  features: string[];
  nFeatures: number;
  nSupport: number;
  kernel: string;
  gamma: number;
  degree: number;
  coef0: number;
  supportVectors: number[];
  dualCoef: number[];
  intercept: number;
  scaler: { mean: number[]; scale: number[] } | null;
  training: { nu: number; tol: number; shrinking: boolean; sklearnVersion: string };
  source: { format: string; protocol: number; compression: string };
}

export function modelFields(model: OcsvmModel) {
  const { importedFrom, sklearn, params } = model.training as Record<
    string,
    Record<string, unknown>
  >;
  return {
    features: model.features,
    nFeatures: model.nFeatures,
    nSupport: model.nSupport,
    kernel: model.kernel,
    gamma: model.gamma,
    degree: model.degree,
    coef0: model.coef0,
    supportVectors: Array.from(model.supportVectors),
    dualCoef: Array.from(model.dualCoef),
    intercept: model.intercept,
    scaler: model.scaler && {
      mean: Array.from(model.scaler.mean),
      scale: Array.from(model.scaler.scale),
    },
    training: {
      nu: params?.nu,
      tol: params?.tol,
      shrinking: params?.shrinking,
      sklearnVersion: sklearn,
    },
    source: importedFrom,
  };
}

export function expectedFields(e: ExpectedModel) {
  const { features, nFeatures, nSupport, kernel, gamma, degree, coef0 } = e;
  const { supportVectors, dualCoef, intercept, scaler, training, source } = e;
  return {
    features,
    nFeatures,
    nSupport,
    kernel,
    gamma,
    degree,
    coef0,
    supportVectors,
    dualCoef,
    intercept,
    scaler,
    training,
    source,
  };
}
