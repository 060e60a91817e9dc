/**
 * Scenario 6 (docs/reliability.md): a slow blob store makes jobs outlive their lock and another
 * scorer is handed them; no double processing may show in the outputs or the ledger. Two
 * timings: the first scorer still scoring at the hand-over, and already done (its completion
 * recorded in the ledger but not yet acknowledged to the queue).
 */
import { describe, expect, it } from 'vitest';
import { formatTable, saveRow } from '../table.js';
import { slowBlobScenario } from './slow-blob.js';

const say = (line: string) => process.stderr.write(`[slow-blob] ${line}\n`);

const cases = [
  { handOver: 'while-scoring', scenario: '6 slow blob store, lock lost' },
  { handOver: 'after-done', scenario: '6b slow blob store, lock lost after the job is done' },
] as const;

describe('scenario 6: slow blob store', () => {
  it.each(cases)(
    'one prediction per (entity, window), hand-over $handOver',
    async (c) => {
      const { row, handedOver } = await slowBlobScenario({ ...c, say });
      saveRow({ ...row, size: 'ci', at: new Date().toISOString() });
      say(`\n${formatTable([row])}`);
      // The fault really happened: a job of scorer A was delivered to scorer B too.
      expect(handedOver).toBeGreaterThan(0);
      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
      expect(row.predictionsDuplicated).toBe(0);
      expect(row.predictionsWritten).toBe(row.predictionsExpected);
    },
    300_000,
  );
});
