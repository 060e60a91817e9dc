/**
 * Scenario 7, scheduler replicas racing and disagreeing about the time: four scheduler
 * processes on one session (same schedule, ledger and queue) — two with the true clock, one
 * `behindMs` slow, one `aheadMs` fast (scheduler-race-clock.mjs) — start together after a
 * 5-minute outage (the schedule's last tick recorded 5 ticks ago, catch-up `all`), so all four
 * race to catch up the same ticks, then race again for the next live tick.
 *
 * The schedule ticks every minute and scores the previous minute. The check: exactly one run
 * per tick from the one after the recorded tick to the last one due, none missing, none beyond
 * what the fastest clock has reached; each run's jobs recorded and enqueued once (queue jobs =
 * the runs' job counts); the schedule's last tick the newest run's.
 */
import { pathToFileURL } from 'node:url';
import { openLedger } from '@fleetscore/shared/ledger';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { type Fleet, startFleet } from '../../../deploy/local/demo/services.js';
import { newSession } from '../../../deploy/local/demo/session.js';
import { freePortBlock } from '../../e2e/ports.js';
import type { Row } from '../invariants.js';
import { creations, replicaTicks } from './scheduler-race-logs.js';
import { type RaceObservations, raceRow } from './scheduler-race-row.js';
import {
  dropSessionStorage,
  sessionServiceEnv,
  sessionStorage,
  writeSessionFleet,
} from './slow-blob-fleet.js';
import { until } from './slow-blob-until.js';

/** `20261126T1004Z`: a run id's window start (UTC, to the minute). */
const basicMinute = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;

export interface SchedulerRaceOptions {
  /** How far the slow replica's clock lags, ms. Default 90,000. */
  behindMs?: number;
  /**
   * How far the fast replica's clock leads, ms. Default 20,000. It fires each tick this much
   * early, so its run scores a minute that has not ended (see docs/reliability.md).
   */
  aheadMs?: number;
  /** Missed ticks before the start (the outage). Default 5. */
  missed?: number;
  say?: (line: string) => void;
}

const SCHEDULE = 'minutely';
const MINUTE = 60_000;
const CLOCK = pathToFileURL(new URL('./scheduler-race-clock.mjs', import.meta.url).pathname).href;

export async function schedulerRaceScenario(options: SchedulerRaceOptions = {}): Promise<Row> {
  const say = options.say ?? (() => {});
  const behindMs = options.behindMs ?? 90_000;
  const aheadMs = options.aheadMs ?? 20_000;
  const session = newSession('schedrace');
  const ledger = await openLedger(sessionStorage(session));
  const env = sessionServiceEnv(session);
  const queue = new BullMqJobQueue({
    connection: { url: env.FLEETSCORE_REDIS_URL as string },
    name: session.queue,
  });
  const seeded = new Date(
    Math.floor(Date.now() / MINUTE) * MINUTE - (options.missed ?? 5) * MINUTE,
  );
  await ledger.recordTick(SCHEDULE, seeded);
  // Models to plan jobs for (their windows lie in an hour no run scores: the jobs stay queued).
  await writeSessionFleet(session, 20, seeded.getTime() - 24 * 60 * MINUTE);
  const offsets = [0, 0, -behindMs, aheadMs];
  const base = await freePortBlock(offsets.length);
  const fleets: Fleet[] = [];
  try {
    say(`last tick recorded ${seeded.toISOString()}; ${offsets.length} schedulers start`);
    const started = await Promise.allSettled(
      offsets.map((offset, i) =>
        startFleet({
          env: {
            ...env,
            FLEETSCORE_SCHEDULES: `${SCHEDULE}=* * * * *`,
            FLEETSCORE_RUN_WINDOW_MINUTES: '1',
            FLEETSCORE_CATCH_UP: 'all',
            FLEETSCORE_TEST_CLOCK_OFFSET_MS: String(offset),
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${CLOCK}`.trim(),
          },
          services: ['scheduler'],
          ports: { scheduler: base + i },
          logDir: `.fleetscore/logs/${session.id}/scheduler-${i}`,
        }),
      ),
    );
    for (const result of started) if (result.status === 'fulfilled') fleets.push(result.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;

    // The next live tick on the true clock, once all four run: the fast replica reaches it
    // 20 s early, the two true clocks race for it on time (the slow one comes 90 s later, past
    // the end of the scenario; it raced in the catch-up).
    const live = Math.floor(Date.now() / MINUTE) * MINUTE + MINUTE;
    const liveRun = `${SCHEDULE}-${basicMinute(live - MINUTE)}`;
    const logs = fleets.map((f) => f.services[0]?.logFile ?? '');
    say(`all running; waiting for the replicas on time or fast to reach ${liveRun}`);
    await until(`${liveRun} reached by replicas 0, 1 and 3`, 2 * MINUTE, async () => {
      const reached = await Promise.all([0, 1, 3].map((i) => replicaTicks(logs[i] ?? '')));
      return reached.every((r) => r.reached.has(liveRun)) ? [true] : [];
    });
    const replicas = await Promise.all(logs.map(replicaTicks));
    const checkedAt = Date.now();
    const runs = [];
    let continuation: string | undefined;
    do {
      const page = await ledger.listRuns({
        from: new Date(seeded.getTime() - 2 * MINUTE),
        to: new Date(checkedAt + 2 * MINUTE),
        limit: 500,
        ...(continuation ? { continuation } : {}),
      });
      runs.push(...page.items);
      continuation = page.continuation;
    } while (continuation);
    const jobs = new Map<string, number>();
    for (const run of runs) jobs.set(run.id, (await ledger.listJobs(run.id)).length);
    const depth = await queue.depth();
    const observed: RaceObservations = {
      schedule: SCHEDULE,
      seeded,
      checkedAt,
      aheadMs,
      runs,
      jobRecords: jobs,
      creations: creations(replicas),
      queuedJobs: depth.waiting + depth.prioritized + depth.delayed + depth.active,
      lastTick: await ledger.lastTick(SCHEDULE),
      exits: fleets.flatMap((f) => f.services.filter((s) => s.child.exitCode !== null)).length,
      notes: [
        `replica clocks: ${offsets.map((o) => `${o / 1000} s`).join(', ')}; catch-up all`,
        `runs created per replica: ${replicas.map((r) => r.created.size).join(', ')}`,
        // Each run the fast replica created scored a minute that still had aheadMs to go.
        `the +${aheadMs / 1000} s replica started ${replicas[3]?.created.size ?? 0} runs that early`,
      ],
    };
    return raceRow(observed);
  } finally {
    await Promise.all(fleets.map((f) => f.stop(10_000)));
    await queue.close();
    await dropSessionStorage(session);
  }
}
