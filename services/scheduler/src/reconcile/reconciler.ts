import {
  type DeadLetter,
  type EntityOutcome,
  jobId,
  type Logger,
  type RunState,
} from '@fleetscore/shared';
import { allRuns, type RunRecord } from '@fleetscore/shared/ledger';
import type { RunDeps } from '../runs/deps.js';
import { launchRun } from '../runs/launch.js';
import { readPlan } from '../runs/plan-store.js';
import { writeReport } from '../runs/report-store.js';
import { type SchedulerTimer, systemTimer } from '../schedule/timer.js';
import { readJobOutcomes, recordIsComplete } from './job-outcomes.js';
import { allEnded, countStates, markDeadLettered, sameCounts } from './job-states.js';
import { type OpenJobs, openJobs, requeueLostJobs } from './lost-jobs.js';
import { previousReport } from './previous-report.js';
import { buildReport } from './report.js';
import { createRunMetrics, type RunMetrics } from './run-metrics.js';

export interface ReconcilerOptions {
  runs: RunDeps;
  /** Between two passes, ms (`FLEETSCORE_RECONCILE_SECONDS` × 1,000). */
  intervalMs: number;
  /** Runs whose window started this long ago or less are looked at. Default 7 days. */
  lookBackMs?: number;
  /**
   * A `planning` run younger than this is left to its creator, which is likely still
   * launching it; older ones were abandoned (a crash) and are launched again. Default 60,000.
   */
  planningGraceMs?: number;
  /**
   * Dead letters read per page; a pass that has running runs to reconcile reads them all,
   * page by page (oldest first: a bound on the total would miss the newest). Default 1,000.
   */
  deadLetterPageSize?: number;
  /** Default `systemTimer`. */
  timer?: SchedulerTimer;
  /**
   * The timer's clock, which schedules the passes (`runs.clock` dates records and judges ages).
   * Default `() => new Date()`.
   */
  timerNow?: () => Date;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

const DAY_MS = 86_400_000;
const ACTIVE: readonly RunState[] = ['planning', 'running'];

/**
 * Brings runs to their end. Each pass: relaunches `planning` runs left by a crash (every
 * launch step is idempotent); for `running` runs, marks jobs the queue dead-lettered that the
 * ledger still has open, refreshes the run's job counts, and when every job has ended writes
 * the completeness report and ends the run; last, when the queue holds fewer jobs than the
 * ledger has open, enqueues the open ones again (`requeueLostJobs`). Several replicas may reconcile at once: every
 * write is an ETag-guarded update that re-checks the run's state.
 */
export class Reconciler {
  readonly #options: ReconcilerOptions;
  readonly #timer: SchedulerTimer;
  readonly #metrics: RunMetrics = createRunMetrics();
  #cancel: (() => void) | undefined;
  #pass: Promise<void> | undefined;
  #closed = false;
  /** Runs followed by id (`watch`), whatever their window. */
  readonly #watched = new Set<string>();

  constructor(options: ReconcilerOptions) {
    this.#options = options;
    this.#timer = options.timer ?? systemTimer;
  }

  start(): void {
    this.#arm();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#cancel?.();
    await this.#pass;
  }

  /**
   * Follow this run on every pass until it ends, even when its window started before the
   * look-back: the passes list runs by window day, so a backfill of old data (the reference's
   * 2018 hours) is otherwise never seen. In-process: the replica that created or retried the
   * run follows it (main.ts wraps the RunService for that).
   */
  watch(runId: string): void {
    this.#watched.add(runId);
  }

  /** One pass over the active runs; errors of one run are logged and do not stop the others. */
  async reconcileOnce(): Promise<void> {
    const { ledger } = this.#options.runs;
    const now = this.#now();
    const from = new Date(now.getTime() - (this.#options.lookBackMs ?? 7 * DAY_MS));
    const to = new Date(now.getTime() + DAY_MS);
    let letters: Promise<Map<string, DeadLetter<unknown>>> | undefined;
    const seen = new Set<string>();
    const open: OpenJobs[] = [];
    for (const state of ACTIVE) {
      for await (const run of allRuns(ledger, { from, to, state })) {
        seen.add(run.id);
        try {
          if (run.state === 'planning') await this.#resume(run, now);
          else {
            letters ??= this.#deadLetters();
            await this.#reconcile(run, await letters, open);
          }
        } catch (error) {
          this.#options.log?.error({ err: error, runId: run.id }, 'reconciling a run failed');
        }
      }
    }
    for (const id of this.#watched) {
      if (seen.has(id)) continue;
      try {
        const run = await ledger.getRun(id);
        if (run === undefined || !ACTIVE.includes(run.state)) this.#watched.delete(id);
        else if (run.state === 'planning') await this.#resume(run, now);
        else {
          letters ??= this.#deadLetters();
          await this.#reconcile(run, await letters, open);
        }
      } catch (error) {
        this.#options.log?.error({ err: error, runId: id }, 'reconciling a run failed');
      }
    }
    try {
      await requeueLostJobs(this.#options.runs, open, this.#options.log);
    } catch (error) {
      this.#options.log?.error({ err: error }, 'checking the queue for lost jobs failed');
    }
  }

  #arm(): void {
    if (this.#closed) return;
    const now = this.#options.timerNow ?? (() => new Date());
    const next = new Date(now().getTime() + this.#options.intervalMs);
    this.#cancel = this.#timer.at(next, async () => {
      this.#pass = this.reconcileOnce().catch((error: unknown) => {
        this.#options.log?.error({ err: error }, 'reconcile pass failed');
      });
      await this.#pass;
      this.#arm();
    });
  }

  #now(): Date {
    return (this.#options.runs.clock ?? (() => new Date()))();
  }

  async #deadLetters(): Promise<Map<string, DeadLetter<unknown>>> {
    const limit = this.#options.deadLetterPageSize ?? 1_000;
    const letters = new Map<string, DeadLetter<unknown>>();
    let continuation: string | undefined;
    do {
      const page = await this.#options.runs.queue.deadLetters({
        limit,
        ...(continuation !== undefined && { continuation }),
      });
      for (const letter of page.letters) letters.set(letter.id, letter);
      continuation = page.continuation;
    } while (continuation !== undefined);
    return letters;
  }

  async #resume(run: RunRecord, now: Date): Promise<void> {
    const grace = this.#options.planningGraceMs ?? 60_000;
    if (now.getTime() - Date.parse(run.createdAt) < grace) return;
    this.#options.log?.warn({ runId: run.id }, 'resuming an abandoned launch');
    await launchRun(this.#options.runs, run);
  }

  async #reconcile(
    run: RunRecord,
    letters: ReadonlyMap<string, DeadLetter<unknown>>,
    open: OpenJobs[],
  ) {
    const { ledger } = this.#options.runs;
    const jobs = await ledger.listJobs(run.id);
    for (const [position, job] of jobs.entries()) {
      if (markDeadLettered(job, letters.get(jobId(run.id, job.index))) === undefined) continue;
      jobs[position] = await ledger.updateJob(run.id, job.index, (current) =>
        markDeadLettered(current, letters.get(jobId(run.id, current.index))),
      );
    }
    const jobStates = countStates(jobs);
    const stillOpen = openJobs(run, jobs);
    if (stillOpen !== undefined) open.push(stillOpen);
    if (jobs.length === run.jobCount && allEnded(jobs)) {
      await this.#finish(run, jobs);
    } else if (!sameCounts(jobStates, run.jobStates)) {
      await ledger.updateRun(run.id, (current) =>
        current.state === 'running' ? { ...current, jobStates } : undefined,
      );
    }
  }

  async #finish(run: RunRecord, jobs: Awaited<ReturnType<RunDeps['ledger']['listJobs']>>) {
    const { ledger, blobs } = this.#options.runs;
    const plan = await readPlan(blobs, run.id);
    if (plan === undefined) throw new Error(`run ${run.id} is running without a plan`);
    const outcomes = new Map<number, EntityOutcome[]>();
    for (const job of jobs) {
      if (job.state !== 'succeeded' || recordIsComplete(job)) continue;
      const read = await readJobOutcomes(blobs, job);
      if (read !== undefined) outcomes.set(job.index, read);
    }
    const previous = run.kind === 'score' ? await previousReport(ledger, blobs, run) : undefined;
    const now = this.#now();
    const { report, reason } = buildReport({ run, plan, jobs, outcomes, previous, now });
    const name = await writeReport(blobs, report);
    let endedHere = false;
    const ended = await ledger.updateRun(run.id, (current) => {
      endedHere = current.state === 'running';
      return !endedHere
        ? undefined
        : {
            ...current,
            state: report.state,
            jobStates: countStates(jobs),
            totals: report.totals,
            report: name,
            endedAt: now.toISOString(),
            ...(reason === undefined ? {} : { reason }),
          };
    });
    // Only the replica whose update ended the run counts it, so the metrics count it once.
    if (endedHere) this.#metrics.ended(ended, countStates(jobs));
    this.#options.log?.info({ runId: run.id, state: ended.state }, 'run ended');
  }
}
