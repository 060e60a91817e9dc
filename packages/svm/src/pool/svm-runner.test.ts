import { describe, expect, it } from 'vitest';
import { decisionFunction } from '../decision.js';
import { fitOneClassSvm } from '../fit/index.js';
import { createSvmRunner } from './svm-runner.js';

const training = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 3 + (i % 7));
const fitted = fitOneClassSvm(training, 2, { nu: 0.1, gamma: 0.5, standardize: true });
const rows = Float64Array.from({ length: 60 }, (_, i) => Math.cos(i) * 4);

describe('SVM runner', () => {
  it('scores and fits in worker threads exactly as on the main thread', async () => {
    const pool = createSvmRunner(2);
    const inline = createSvmRunner(0);
    try {
      const expected = decisionFunction(fitted, rows);
      const [threaded, direct] = await Promise.all([
        pool.decide(fitted, rows.slice()),
        inline.decide(fitted, rows.slice()),
      ]);
      expect([...threaded]).toEqual([...expected]);
      expect([...direct]).toEqual([...expected]);

      const params = { nu: 0.1, gamma: 0.5, standardize: true, features: ['x', 'y'] };
      const model = await pool.fit(training.slice(), 2, params);
      const again = fitOneClassSvm(training, 2, params);
      expect([...model.dualCoef]).toEqual([...again.dualCoef]);
      expect(model.intercept).toBe(again.intercept);
      expect(model.features).toEqual(['x', 'y']);
    } finally {
      await Promise.all([pool.close(), inline.close()]);
    }
  });
});
