import type {
  EntityOutcome,
  JobState,
  RunKind,
  RunState,
  TrainingParams,
} from '../contracts/run.js';
import type { JobSummary, RunTotals } from '../contracts/run-totals.js';

/**
 * The run ledger: run and job records with optimistic concurrency, on the `RecordTable` port
 * (Azure Table Storage; Azurite locally). Runs are partitioned by the UTC day of their window
 * start (read from the run id: `runDay`), so "runs of a day" is one partition query; jobs are
 * partitioned by run id, so "jobs of a run" is one too.
 */
export interface Ledger {
  /**
   * The conditional insert that makes scheduled runs exactly-once: `created: false` (and the
   * existing record) when a run with this id already exists.
   */
  createRun(run: NewRun): Promise<{ created: boolean; run: RunRecord }>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /**
   * Runs whose window starts in `[from, to)`, newest first, optionally of one state, paged by
   * an opaque continuation token.
   */
  listRuns(query: RunQuery): Promise<Page<RunRecord>>;
  /**
   * Read-modify-write of a run under its ETag, retried on a lost race: `change` gets the
   * current record and returns the new one (or `undefined` to leave it as it is).
   * `NotFoundError` when there is no such run.
   */
  updateRun(id: string, change: (run: RunRecord) => RunRecord | undefined): Promise<RunRecord>;
  /** Records the jobs of a run; jobs already recorded are left as they are (idempotent). */
  putJobs(jobs: readonly NewJobRecord[]): Promise<void>;
  getJob(runId: string, index: number): Promise<JobRecord | undefined>;
  /** All jobs of a run in index order. */
  listJobs(runId: string): Promise<JobRecord[]>;
  /** As `updateRun`, for a job. */
  updateJob(
    runId: string,
    index: number,
    change: (job: JobRecord) => JobRecord | undefined,
  ): Promise<JobRecord>;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `continuation` for the next page; absent on the last page. */
  continuation?: string;
}

export interface RunQuery {
  from: Date;
  to: Date;
  state?: RunState;
  /** Default 50, at most 500. */
  limit?: number;
  continuation?: string;
}

/** How a run came to be. */
export type RunTrigger =
  | { kind: 'schedule'; schedule: string }
  | { kind: 'api' | 'cli'; by?: string };

export interface NewRun {
  id: string;
  kind: RunKind;
  trigger: RunTrigger;
  /** Window ends in `[from, to)`, ISO 8601 UTC. */
  from: string;
  to: string;
  /** The entity keys asked for; absent: every entity with a current model. */
  entities?: string[];
  /** Training runs only. */
  params?: TrainingParams;
}

export interface RunRecord extends NewRun {
  state: RunState;
  createdAt: string;
  /** When the last job was enqueued (state became `running`). */
  startedAt?: string;
  endedAt?: string;
  /** Number of jobs planned; 0 until planned. */
  jobCount: number;
  /** Jobs by state, refreshed by the reconciler. */
  jobStates: Partial<Record<JobState, number>>;
  /** Entity totals, filled in when the run ends. */
  totals?: RunTotals;
  /** Blob name of the completeness report, once written. */
  report?: string;
  /** Why the run failed or was cancelled. */
  reason?: string;
}

export interface NewJobRecord {
  runId: string;
  index: number;
  shard: number;
  /** Entity count (the entities themselves are in the queue message and the run's plan blob). */
  size: number;
}

export interface JobRecord extends NewJobRecord {
  state: JobState;
  /** Deliveries so far (1 on the first). */
  attempts: number;
  queuedAt: string;
  startedAt?: string;
  endedAt?: string;
  /** Of the last attempt, ms. */
  durationMs?: number;
  /** The scorer process that ran the last attempt (`host:pid`). */
  workerId?: string;
  /** The last error (failed, dead-lettered). */
  error?: string;
  /** Counts of the last successful attempt. */
  summary?: JobSummary;
  /**
   * The outcomes that were not plain successes (no-data, no-model, failed, or with a reason),
   * at most `MAX_JOB_PROBLEMS`; the job's log blob has them all.
   */
  problems?: EntityOutcome[];
  /** Problems left out of `problems` (over `MAX_JOB_PROBLEMS`); absent when none. */
  problemsMore?: number;
  /**
   * Rows and anomalies of each entity, in the job's entity order (`rows:anomalies`, comma
   * separated), when that fits in `MAX_JOB_COUNTS_CHARS`: with `problems` complete, the run's
   * report needs nothing from the job's log blob.
   */
  counts?: string;
  /** Blob names the last successful attempt wrote. */
  predictions?: string;
  log?: string;
  /**
   * `reportUnmodelled` jobs only: the sensors (`device/sensor`) with windows in the job's shard
   * and range that have no current model, neither their own nor their device's, at most
   * `MAX_JOB_UNMODELLED`; `unmodelledMore` counts those left out.
   */
  unmodelled?: string[];
  unmodelledMore?: number;
}

/** Keep a job record well under the table's 32 Ki-character value limit. */
export const MAX_JOB_PROBLEMS = 40;
/** Longest `counts` kept (≈ 3,000 entities of 720 rows); the table allows 32 Ki characters. */
export const MAX_JOB_COUNTS_CHARS = 24_000;
/** Reasons are cut to this many characters in job records (the log blob has them whole). */
export const MAX_RECORD_REASON = 200;
export const MAX_JOB_UNMODELLED = 300;

/**
 * Each schedule's last tick, kept beside the runs (the `schedules` partition of the runs
 * table), so a scheduler that was down knows which ticks it missed.
 */
export interface ScheduleTicks {
  /** The last tick recorded for the schedule, or `undefined` before its first. */
  lastTick(schedule: string): Promise<Date | undefined>;
  /** Records `tick` as the last one, unless a later tick is recorded already (never moves back). */
  recordTick(schedule: string, tick: Date): Promise<void>;
}
