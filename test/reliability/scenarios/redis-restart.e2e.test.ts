/**
 * Scenario 4a: restart Redis (append-only file on) in the middle of a scoring run while
 * readings of the next span keep arriving. Redis is stopped (SIGTERM: it syncs its AOF), kept
 * down for a few seconds and started again on the same dir and port. State survives: the
 * stream, the consumer groups' checkpoints, the queue and its jobs. Ingest answers 503 with
 * Retry-After while Redis is down (the sender retries the same batch with the same
 * Idempotency-Key); every accepted reading must be windowed once and the run must finish with
 * one prediction per window, without any service exiting.
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

const SCENARIO = '4a-redis-restart';
/**
 * How long Redis stays down, ms: longer than ingest's publish timeout (10 s), so requests in
 * flight end in 503 + Retry-After rather than waiting the outage out.
 */
const OUTAGE_MS = 12_000;

let system: ReliabilitySystem | undefined;
afterAll(() => system?.stop(), 120_000);

describe('scenario 4a: restart Redis (AOF on) during a run', () => {
  it(
    'keeps the queue, the stream and the checkpoints; the run and the readings complete',
    async () => {
      const { s, w, first, modelled, created, progress } = await runUnderWay(
        SCENARIO,
        (started) => {
          system = started;
        },
      );

      const later = nextSpan(w);
      const sending = sendReadings(readingsOf(later, 2), {
        ingestUrl: s.ingestUrl,
        ...(s.apiKey ? { apiKey: s.apiKey } : {}),
        batch: 200,
        concurrency: 1,
        pauseMs: 100,
      });
      await s.stack.stopRedis();
      await sleep(OUTAGE_MS);
      await s.stack.startRedis();
      const second = await sending;
      const sent = joinSends(first, second);
      await settle(s, { ...w, toMs: later.toMs }, sent);
      const run = await finishRun(s, created.id);
      const notes = [
        `Redis stopped for ${OUTAGE_MS / 1000} s after ${progress.done} of ${progress.total} jobs`,
        `${second.readings.length} readings of the next span sent meanwhile`,
      ];
      const row = await check(s, SCENARIO, { sent, run, modelled, notes });

      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
      expect(row.accepted).toBe(row.sent);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
