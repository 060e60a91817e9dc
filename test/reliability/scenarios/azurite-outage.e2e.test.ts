/**
 * Scenario 5: the storage account (Azurite: Blob and Table) is unavailable for 30 s in the
 * middle of a scoring run, while readings of the next span are being ingested. Azurite is
 * stopped (SIGTERM, its data kept) and started again on the same ports and dir. Ingest publishes
 * to the stream (Redis), not to storage, so it keeps answering 202; the aggregator's window
 * writes, the scorer's reads and writes and the scheduler's ledger calls fail meanwhile and
 * must be retried: no dead letter for a transient fault, every accepted reading windowed once,
 * the run ends `succeeded` with one prediction per window, and no service exits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../deploy/local/demo/blobs.js';
import {
  check,
  finishRun,
  joinSends,
  nextSpan,
  runUnderWay,
  SCENARIO_TIMEOUT_MS,
  settle,
} from '../harness/pipeline.js';
import type { ReliabilitySystem } from '../harness/system.js';
import { readingsOf, sendReadings } from '../harness/workload.js';

const SCENARIO = '5-azurite-outage';
/** The outage, ms. */
const OUTAGE_MS = 30_000;

let system: ReliabilitySystem | undefined;
afterAll(() => system?.stop(), 120_000);

describe('scenario 5: Azurite unavailable for 30 s during a run and during ingest', () => {
  it(
    'retries through the outage: no dead letters, nothing lost, the run succeeds',
    async () => {
      const { s, w, first, modelled, created, progress } = await runUnderWay(
        SCENARIO,
        (started) => {
          system = started;
        },
      );

      const later = nextSpan(w);
      await s.stack.stopAzurite();
      const down = Date.now();
      const second = await sendReadings(readingsOf(later, 3), {
        ingestUrl: s.ingestUrl,
        ...(s.apiKey ? { apiKey: s.apiKey } : {}),
        batch: 200,
        concurrency: 1,
        pauseMs: 300,
      });
      const sentWhileDown = Date.now() - down < OUTAGE_MS;
      await sleep(Math.max(0, down + OUTAGE_MS - Date.now()));
      await s.stack.startAzurite();
      const sent = joinSends(first, second);
      await settle(s, { ...w, toMs: later.toMs }, sent);
      const run = await finishRun(s, created.id);
      const notes = [
        `storage down ${OUTAGE_MS / 1000} s after ${progress.done} of ${progress.total} jobs`,
        `${second.readings.length} readings of the next span sent ${sentWhileDown ? 'entirely' : 'partly'} during the outage`,
      ];
      const row = await check(s, SCENARIO, { sent, run, modelled, notes });

      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
      expect(row.notes.filter((n) => n.includes('dead letters'))).toEqual([]);
      expect(row.accepted).toBe(row.sent);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
