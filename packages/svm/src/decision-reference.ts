import { kernelFunction } from './kernels.js';
import type { OcsvmModel } from './model.js';
import { scaleRow } from './scaler.js';

/**
 * The reference scoring loop, libsvm's `svm_predict_values` operation for operation: for each
 * row, Σᵢ dualCoefᵢ·K(z, svᵢ) over the support vectors in order, then + intercept, with K from
 * `kernelFunction`. Every kernel; writes `out.length` rows. The rbf SIMD kernel
 * (`rbf-simd/`) must equal this bit for bit; `decisionFunction` uses it for everything else.
 */
export function referenceDecision(model: OcsvmModel, rows: Float64Array, out: Float64Array): void {
  const { nFeatures: d, nSupport, scaler, supportVectors, dualCoef, intercept } = model;
  const k = kernelFunction(model);
  const z = new Float64Array(d); // the scaled row, reused across rows
  for (let r = 0; r < out.length; r++) {
    let x = rows;
    let xStart = r * d;
    if (scaler !== null) {
      scaleRow(scaler, rows, xStart, d, z);
      x = z;
      xStart = 0;
    }
    let sum = 0;
    for (let i = 0; i < nSupport; i++) sum += dualCoef[i]! * k(x, xStart, supportVectors, i * d, d);
    out[r] = sum + intercept;
  }
}
