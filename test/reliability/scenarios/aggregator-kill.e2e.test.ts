/**
 * Scenario 2: kill -9 the aggregator between writing a window blob and checkpointing. The
 * harness lists the window blobs while readings flow; when a new blob appears it freezes the
 * aggregator (SIGSTOP) and reads the consumer group's pending list in Redis: if the oldest
 * event not yet checkpointed is at or before the blob's last sequence number, the process is
 * exactly between the blob write and the checkpoint, and it is killed there (SIGKILL) and
 * restarted. Otherwise (the checkpoint had already moved) it is let go and the next blob is
 * tried. The successor replays from the old checkpoint; every reading must still be counted in
 * exactly one window (copies of a window must agree), and the run must score each window once.
 *
 * The aggregator reaches Azurite through a fault proxy adding `BLOB_LATENCY_MS` to every chunk:
 * a window blob is stored that long before the aggregator hears so and checkpoints, so the
 * harness (reading Azurite directly) sees it in that gap every time. Without it the gap is a
 * few milliseconds, and a loaded machine's CI missed it (no kill landed).
 */
import { hourPath } from '@fleetscore/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../deploy/local/demo/blobs.js';
import {
  check,
  finishRun,
  SCENARIO_TIMEOUT_MS,
  settle,
  startScoring,
  train,
  workload,
} from '../harness/pipeline.js';
import { pendingState } from '../harness/redis-probe.js';
import { type ReliabilitySystem, startReliabilitySystem } from '../harness/system.js';
import { readingsOf, sendReadings, type Workload } from '../harness/workload.js';

const SCENARIO = '2-aggregator-kill';
const GROUP = 'aggregator-reliability';
/** Kills that land between a blob and its checkpoint. */
const KILLS = 2;
/**
 * How long each of the aggregator's blob requests and responses is held up: a wide gap to
 * land in, and a round trip well under its readiness probe's 2 s budget.
 */
const BLOB_LATENCY_MS = 400;
const HOUR = 3_600_000;

let system: ReliabilitySystem | undefined;
afterAll(() => system?.stop(), 120_000);

/** `…/p{partition}-{fromSeq}-{toSeq}-{watermark}.{ext}` (docs/aggregator.md). */
function segment(name: string): { partition: number; toSeq: number } | undefined {
  const match = /\/p(\d+)-(\d+)-(\d+)-[^/]+$/.exec(name);
  return match ? { partition: Number(match[1]), toSeq: Number(match[3]) } : undefined;
}

/** Window blobs as `name etag`: a blob the successor rewrites under the same name is new. */
async function windowBlobs(s: ReliabilitySystem, w: Workload): Promise<string[]> {
  const names: string[] = [];
  for (let hour = w.fromMs; hour <= w.toMs; hour += HOUR) {
    for await (const item of s.blobs.list(hourPath('windows', hour))) {
      names.push(`${item.name} ${item.etag}`);
    }
  }
  return names;
}

/**
 * Polls for new window blobs until `KILLS` kills landed in place, or `done()` (a deadline).
 * In replay mode windows close once the partitions go idle, so the first blobs come after
 * the readings; the second kill lands on the successor's rewrite of the same windows.
 */
async function killBetweenBlobAndCheckpoint(
  s: ReliabilitySystem,
  w: Workload,
  done: () => boolean,
) {
  const notes: string[] = [];
  const seen = new Set<string>();
  let misses = 0;
  while (notes.length < KILLS && !done()) {
    const fresh = (await windowBlobs(s, w)).filter((name) => !seen.has(name));
    if (fresh.length === 0) {
      await sleep(20);
      continue;
    }
    const aggregator = s.processes.service('aggregator');
    s.processes.freeze(aggregator);
    let hit: string | undefined;
    for (const entry of fresh) {
      seen.add(entry);
      const name = entry.split(' ')[0] as string;
      const at = segment(name);
      if (at === undefined || hit !== undefined) continue;
      const state = await pendingState(s.stack.redis, s.session.stream, at.partition, GROUP);
      if (state.oldestSeq !== undefined && state.oldestSeq <= at.toSeq) {
        hit = `killed the aggregator after it wrote a blob up to seq ${at.toSeq} of partition ${at.partition}, oldest event not yet checkpointed: seq ${state.oldestSeq} (${state.pending} pending)`;
      }
    }
    if (hit === undefined) {
      misses += 1;
      s.processes.thaw(aggregator);
      continue;
    }
    await s.processes.killAndRestart('aggregator');
    notes.push(hit);
  }
  return { notes, misses };
}

describe('scenario 2: kill -9 the aggregator between a window blob and its checkpoint', () => {
  it(
    'counts every accepted reading in exactly one window and scores each window once',
    async () => {
      system = await startReliabilitySystem({
        scenario: SCENARIO,
        serviceEnv: { aggregator: { FLEETSCORE_AGGREGATOR_GROUP: GROUP } },
        slowBlobs: { service: 'aggregator', latency: { fixedMs: BLOB_LATENCY_MS } },
      });
      const s = system;
      const w = workload();
      let stopAt = Number.POSITIVE_INFINITY;
      // Spread over ~10 s of wall time, so flushes happen while readings still arrive.
      const sent = sendReadings(readingsOf(w), {
        ingestUrl: s.ingestUrl,
        ...(s.apiKey ? { apiKey: s.apiKey } : {}),
        batch: 200,
        concurrency: 1,
        pauseMs: 300,
      }).finally(() => (stopAt = Date.now() + 60_000));
      const kills = await killBetweenBlobAndCheckpoint(s, w, () => Date.now() > stopAt);
      const result = await sent;
      await settle(s, w, result);
      const modelled = await train(s, w);
      const run = await finishRun(s, (await startScoring(s, w)).id);
      const notes = [...kills.notes, `blobs seen after their checkpoint (let go): ${kills.misses}`];
      const row = await check(s, SCENARIO, { sent: result, run, modelled, notes });

      expect(
        kills.notes.length,
        'no kill landed between a blob and its checkpoint',
      ).toBeGreaterThan(0);
      expect(row.violations).toEqual([]);
      expect(row.outcome).toBe('succeeded');
    },
    SCENARIO_TIMEOUT_MS,
  );
});
