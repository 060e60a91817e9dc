/**
 * Scenario 4b: Redis loses its state entirely (FLUSHALL) in the middle of a scoring run, then
 * readings of the next span arrive. What survives is in Blob and Table Storage: the ledger (run
 * and job records), the plan, the window blobs and the aggregator's state blobs. What is lost
 * is in Redis: the queue with the run's waiting jobs, the readings stream with its sequence
 * counters and consumer groups. Both come back: the reconciler enqueues the jobs the ledger has
 * open again, and the new stream's sequence numbers start above the aggregator's checkpoint.
 */
import { aggregatorStateName } from '@fleetscore/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { runJobs } from '../../../deploy/local/demo/api.js';
import { sleep } from '../../../deploy/local/demo/blobs.js';
import { readWindowCopies } from '../harness/observe.js';
import {
  check,
  finishRun,
  joinSends,
  nextSpan,
  runUnderWay,
  SCENARIO_TIMEOUT_MS,
} from '../harness/pipeline.js';
import type { ReliabilitySystem } from '../harness/system.js';
import { readingsOf, sendReadings, type Workload } from '../harness/workload.js';

const SCENARIO = '4b-redis-state-lost';
let system: ReliabilitySystem | undefined;
afterAll(() => system?.stop(), 120_000);

/** Readings in the windows of `w`'s span, polled until `expected` or the deadline. */
async function windowedIn(s: ReliabilitySystem, w: Workload, expected: number, deadline: number) {
  for (;;) {
    const { windows } = await readWindowCopies(s.blobs, w.fromMs, w.toMs);
    const counts = new Map<string, number>();
    for (const c of windows) {
      if (c.endMs <= w.fromMs || c.endMs > w.toMs) continue;
      const key = `${c.device}/${c.sensor}@${c.endMs}`;
      counts.set(key, Math.max(counts.get(key) ?? 0, c.count));
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total >= expected || Date.now() > deadline) return total;
    await sleep(2_000);
  }
}

/**
 * Per partition: the aggregator's durable checkpoint (its state blob's `seq`) against the
 * stream's sequence counter after the loss, and how far its consumer group has read.
 */
async function sequences(s: ReliabilitySystem, partitions = 4): Promise<string> {
  const parts: string[] = [];
  for (let p = 0; p < partitions; p++) {
    const state = await s.blobs.get(aggregatorStateName('aggregator-replay', String(p)));
    const seq = state ? (JSON.parse(state.body.toString('utf8')) as { seq: number }).seq : '-';
    const counter = await s.stack.redis.get(`fs:stream:${s.session.stream}:${p}:seq`);
    parts.push(`p${p} state ${seq} / stream ${counter ?? '-'}`);
  }
  return parts.join(', ');
}

/** `3 succeeded, 22 queued`. */
function count(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}

describe('scenario 4b: Redis state lost during a run', () => {
  it(
    'what is recovered, what is re-run and what is reported',
    async () => {
      const { s, w, first, modelled, created, progress } = await runUnderWay(
        SCENARIO,
        (started) => {
          system = started;
        },
      );
      await s.stack.redis.flushall();

      const later = nextSpan(w);
      const afterLoss = await sendReadings(readingsOf(later, 2), {
        ingestUrl: s.ingestUrl,
        ...(s.apiKey ? { apiKey: s.apiKey } : {}),
      });
      const accepted = afterLoss.readings.filter((r) => r.accepted).length;
      const windowedAfter = await windowedIn(s, later, accepted, Date.now() + 60_000);
      // The reconciler sees the queue hold fewer jobs than the ledger has open and enqueues
      // them again; the run then ends as any other.
      const run = await finishRun(s, created.id);
      const jobs = await runJobs(s.api, created.id);
      const notes = [
        `FLUSHALL after ${progress.done} of ${progress.total} jobs`,
        `the run's jobs at the end: ${count(jobs.map((j) => j.state))} (lost ones enqueued again by the reconciler)`,
        `next span, sent after the loss: ${accepted} accepted (202), ${windowedAfter} windowed`,
        `aggregator checkpoint vs stream sequence: ${await sequences(s)}`,
      ];
      const row = await check(s, SCENARIO, {
        sent: joinSends(first, afterLoss),
        run,
        modelled,
        notes,
      });
      // Readings accepted after the loss are windowed: the new stream's sequence numbers start
      // above the aggregator's checkpoint (the counter starts at the server's clock).
      expect(windowedAfter).toBe(accepted);
      const before = first.readings.filter((r) => r.accepted).length;
      expect(row.windowed).toBe(before + windowedAfter);
      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
      expect(row.predictionsDuplicated).toBe(0);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
