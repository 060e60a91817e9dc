import { describe, expect, it } from 'vitest';
import { kernelFunction, powi, squaredDistance } from './kernels.js';

const params = { gamma: 0.5, coef0: 1, degree: 3 };
const x = new Float64Array([1, 2, 3]);
const y = new Float64Array([9, 0.5, -1, 2]); // y = [0.5, -1, 2] from offset 1

describe('powi', () => {
  it('is repeated squaring, with x⁰ = 1 even for 0', () => {
    expect(powi(0, 0)).toBe(1);
    expect(powi(7, 0)).toBe(1);
    expect(powi(-2, 3)).toBe(-8);
    expect(powi(1.5, 5)).toBe(1.5 * (1.5 * 1.5) * (1.5 * 1.5));
  });

  it('rounds as libsvm does: x⁵ = x·(x²)², not x·x·x·x·x', () => {
    const base = 1.1;
    const squared = base * base;
    expect(powi(base, 5)).toBe(base * (squared * squared));
  });
});

describe('kernelFunction', () => {
  it('linear is the dot product', () => {
    expect(kernelFunction({ kernel: 'linear', ...params })(x, 0, y, 1, 3)).toBe(0.5 - 2 + 6);
  });

  it('poly is (γ·x·y + coef0)^degree', () => {
    const k = kernelFunction({ kernel: 'poly', ...params })(x, 0, y, 1, 3);
    expect(k).toBe(powi(0.5 * 4.5 + 1, 3));
  });

  it('sigmoid is tanh(γ·x·y + coef0)', () => {
    expect(kernelFunction({ kernel: 'sigmoid', ...params })(x, 0, y, 1, 3)).toBe(Math.tanh(3.25));
  });

  it('rbf is exp(−γ‖x − y‖²)', () => {
    const k = kernelFunction({ kernel: 'rbf', ...params })(x, 0, y, 1, 3);
    expect(k).toBe(Math.exp(-0.5 * (0.25 + 9 + 1)));
  });

  it('rbf works on the difference, so it stays exact far from the origin', () => {
    const a = new Float64Array([1e5 + 0.1, 1e5 - 0.3]);
    const b = new Float64Array([1e5 + 0.2, 1e5 - 0.3]);
    const exact = (a[0]! - b[0]!) ** 2;
    expect(squaredDistance(a, 0, b, 0, 2)).toBe(exact);
    // The expanded form ‖a‖² + ‖b‖² − 2a·b cancels ~2e10 down to 0.01 and keeps few digits.
    const expanded = 2 * 1e10 * 2 - 2 * (a[0]! * b[0]! + a[1]! * b[1]!);
    expect(Math.abs(expanded - exact)).toBeGreaterThan(1e-9);
    expect(kernelFunction({ kernel: 'rbf', ...params })(a, 0, a, 0, 2)).toBe(1);
  });
});
