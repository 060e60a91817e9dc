import type { Logger, Schedule } from '@fleetscore/shared';
import type { ScheduleTicks } from '@fleetscore/shared/ledger';
import type { RunDeps } from '../runs/deps.js';
import { startRun } from '../runs/start-run.js';
import { type CatchUpPolicy, cronOf, missedTicks, nextTick, windowForTick } from './ticks.js';
import { type SchedulerTimer, systemTimer } from './timer.js';

export interface SchedulerOptions {
  schedules: readonly Schedule[];
  /** IANA time zone the cron expressions are read in. */
  timeZone: string;
  /** Event time a run scores: the last full period of this length before its tick. */
  runWindowMinutes: number;
  /** Ticks missed while no scheduler ran. */
  catchUp: CatchUpPolicy;
  /** Most missed ticks run per schedule by `all`. */
  catchUpMax: number;
  /** Where each schedule's last tick is kept (the ledger). */
  ticks: ScheduleTicks;
  /** How runs are created and launched. */
  runs: RunDeps;
  /** Default `() => new Date()`. */
  now?: () => Date;
  /** Default `systemTimer`. */
  timer?: SchedulerTimer;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * Starts the scheduled runs. Every replica may run one: at a tick each tries to create the run
 * `{schedule}-{windowStart}`, the ledger's conditional insert lets exactly one succeed, and
 * only that one plans and enqueues. Each schedule's last tick is recorded after its run
 * exists, so a scheduler that starts after downtime runs the ticks it missed (per policy,
 * oldest first), and a tick whose run could not be created is caught up later.
 */
export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #now: () => Date;
  readonly #timer: SchedulerTimer;
  readonly #cancels = new Map<string, () => void>();
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  constructor(options: SchedulerOptions) {
    for (const schedule of options.schedules) cronOf(schedule.cron, options.timeZone);
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#timer = options.timer ?? systemTimer;
  }

  /** Catches up every schedule, then arms its next tick. */
  async start(): Promise<void> {
    await Promise.all(
      this.#options.schedules.map((schedule) => this.#track(this.#catchUp(schedule))),
    );
  }

  /** Stops arming ticks and waits for the ones under way. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const cancel of this.#cancels.values()) cancel();
    this.#cancels.clear();
    await Promise.allSettled([...this.#running]);
  }

  async #catchUp(schedule: Schedule): Promise<void> {
    // One instant for both: the ticks up to it are caught up, the first one after it is armed.
    // Armed from the time catch-up ends instead, a tick falling due meanwhile would be skipped
    // (a period late under `all`/`latest`, never run under `none`); armed in the past, the
    // timer fires it at once.
    const now = this.#now();
    try {
      const { catchUp, catchUpMax, timeZone } = this.#options;
      const last = await this.#options.ticks.lastTick(schedule.name);
      const missed = missedTicks(schedule.cron, timeZone, last, now, catchUp, catchUpMax);
      if (missed.length > 0) {
        this.#options.log?.info({ schedule: schedule.name, missed: missed.length }, 'catching up');
      }
      await this.#runTicks(schedule, missed);
    } finally {
      this.#arm(schedule, now);
    }
  }

  /** At a tick: the ticks missed since the last one recorded (per policy), then this one. */
  async #fire(schedule: Schedule, tick: Date): Promise<void> {
    try {
      const { catchUp, catchUpMax, timeZone } = this.#options;
      const last = await this.#options.ticks.lastTick(schedule.name);
      const before = new Date(tick.getTime() - 1);
      const missed = missedTicks(schedule.cron, timeZone, last, before, catchUp, catchUpMax);
      await this.#runTicks(schedule, [...missed, tick]);
    } finally {
      // From the tick, not from now: a tick that took long does not skip the next one.
      this.#arm(schedule, tick);
    }
  }

  /** Oldest first; stops at the first failure so no later tick is recorded past it. */
  async #runTicks(schedule: Schedule, ticks: readonly Date[]): Promise<void> {
    for (const tick of ticks) {
      try {
        await this.#runTick(schedule, tick);
      } catch (error) {
        this.#options.log?.error(
          { err: error, schedule: schedule.name, tick: tick.toISOString() },
          'scheduled run not created; it is caught up at the next tick',
        );
        return;
      }
    }
  }

  async #runTick(schedule: Schedule, tick: Date): Promise<void> {
    const { from, to } = windowForTick(tick, this.#options.runWindowMinutes);
    const { created, run } = await startRun(this.#options.runs, {
      from,
      to,
      trigger: { kind: 'schedule', schedule: schedule.name },
    });
    this.#options.log?.info(
      { schedule: schedule.name, runId: run.id, created },
      created ? 'scheduled run started' : 'scheduled run exists already',
    );
    await this.#options.ticks.recordTick(schedule.name, tick);
  }

  #arm(schedule: Schedule, after: Date): void {
    if (this.#closed) return;
    const next = nextTick(cronOf(schedule.cron, this.#options.timeZone), after);
    if (next === undefined) return;
    this.#cancels.set(
      schedule.name,
      this.#timer.at(next, () => this.#track(this.#fire(schedule, next))),
    );
  }

  #track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.#options.log?.error({ err: error }, 'scheduler tick failed');
    });
    this.#running.add(tracked);
    void tracked.finally(() => this.#running.delete(tracked));
    return tracked;
  }
}
