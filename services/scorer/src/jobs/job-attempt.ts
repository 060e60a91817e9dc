import type { JobSummary } from '@fleetscore/shared';
import { isFleetscoreError, type JobLogEvent, type JobPayload } from '@fleetscore/shared';
import type { JobRecord } from '@fleetscore/shared/ledger';
import type { JobResult } from './job-outcome.js';
import { cutReason, entityCounts, problems, summarise } from './job-summary.js';

/**
 * The states one delivery (attempt) of a job goes through, as pure decisions: what the job's
 * ledger record becomes, what its log says, and how the attempt ends. The job handler
 * (job-handler.ts) only carries them out: reads, writes, metrics, the error for the queue.
 *
 *   received → dead-lettered  its payload is invalid (no record is touched)
 *   received → cancelled      its run was cancelled                     cancelledRecord
 *   received → duplicate      the job had already ended (record kept)   hasEnded
 *   received → running                                                  openedRecord
 *   running  → succeeded      the work returned                         attemptEnd
 *   running  → failed         the work threw a transient error          attemptEnd, failureState
 *   running  → dead-lettered  … a permanent one, or on the last attempt attemptEnd, failureState
 *   running  → handed-back    … with its signal aborted (lock lost, shutdown): the record is
 *                             left alone, another delivery owns the job now
 */

/** A delivery of `job`: which one (1 on the first) and the scorer running it (`host:pid`). */
export interface Delivery {
  attempt: number;
  workerId: string;
}

/** The states an attempt that ran its work ends in. */
export type EndState = 'succeeded' | 'failed' | 'dead-lettered';

/** How the work ended: its result, or why it failed and whether the queue tries again. */
export type Ending =
  | { state: 'succeeded'; result: JobResult }
  | { state: 'failed' | 'dead-lettered'; reason: string };

/** The end of an attempt whose work ran, written once for every kind of job and ending. */
export interface AttemptEnd {
  state: EndState;
  /** The job log's last line. */
  event: Extract<JobLogEvent, { event: 'end' }>;
  /** The job record at the end, from the record as stored and the time of the write. */
  record(stored: JobRecord, endedAt: string): JobRecord;
  /** Succeeded: the entity counts, for the job span. */
  summary?: JobSummary;
  /**
   * Whether the log blob and the record must be written. A success must be recorded, so a
   * failed write fails the attempt (the queue retries it, and the retry rewrites the same
   * blobs). A failure's writes are best effort: the queue's own retry or dead letter must
   * happen even if they fail.
   */
  required: boolean;
}

/** The record of a job whose run was cancelled before it started: ended, nothing scored. */
export function cancelledRecord(stored: JobRecord, endedAt: string): JobRecord {
  return { ...stored, state: 'cancelled', endedAt };
}

/**
 * Whether a job's record says it has ended, so that this delivery is a duplicate. A job whose
 * earlier delivery succeeded (its completion was lost on the way to the queue: a stalled lock,
 * a broker restart) is done: its blobs and record are written, and running it again would
 * reopen a record the run may already have counted. So is a cancelled one, and a
 * dead-lettered one delivered at an attempt past the first: a stray retry copy of its own life
 * (on Service Bus, a process that died between scheduling a retry and completing the message
 * leaves both; docs/scorer.md) — a replay starts again at attempt 1.
 */
export function hasEnded(stored: JobRecord, attempt: number): boolean {
  return (
    stored.state === 'succeeded' ||
    stored.state === 'cancelled' ||
    (stored.state === 'dead-lettered' && attempt > 1)
  );
}

/**
 * The record as this delivery opens it: `running`, with its attempt, scorer and start, and
 * what an earlier attempt's end left cleared. Undefined when the job has ended (`hasEnded`):
 * the record is then left as it is, and the record read back says why.
 */
export function openedRecord(
  stored: JobRecord,
  delivery: Delivery,
  startedAt: string,
): JobRecord | undefined {
  if (hasEnded(stored, delivery.attempt)) return undefined;
  return {
    ...stored,
    state: 'running',
    attempts: Math.max(stored.attempts, delivery.attempt),
    workerId: delivery.workerId,
    startedAt,
    endedAt: undefined,
    durationMs: undefined,
    error: undefined,
  };
}

/** The job log's first line. */
export function startEvent(job: JobPayload, delivery: Delivery): JobLogEvent {
  return {
    event: 'start',
    runId: job.runId,
    jobIndex: job.jobIndex,
    kind: job.kind,
    attempt: delivery.attempt,
    workerId: delivery.workerId,
    shard: job.shard,
    from: job.from,
    to: job.to,
    entities: job.entities.length,
  };
}

/**
 * The state a failed attempt ends in: `dead-lettered` when retrying cannot help (a
 * NonRetryableError: corrupt window data, a job with no ledger record) or when this was the
 * last attempt the queue gives it; else `failed`, and the queue retries after its backoff.
 */
export function failureState(
  error: unknown,
  attempt: number,
  maxAttempts: number,
): 'failed' | 'dead-lettered' {
  return isFleetscoreError(error, 'NON_RETRYABLE') || attempt >= maxAttempts
    ? 'dead-lettered'
    : 'failed';
}

/**
 * The end of an attempt whose work ran: one sequence for scoring and training jobs, for a
 * success and for a failure — the log's `end` line, then the record at the end.
 * `logName` is the job's log blob, which the record names once the attempt succeeded.
 */
export function attemptEnd(
  job: Pick<JobPayload, 'kind'>,
  ending: Ending,
  durationMs: number,
  logName: string,
): AttemptEnd {
  if (ending.state !== 'succeeded') {
    const { state, reason } = ending;
    return {
      state,
      event: {
        event: 'end',
        state,
        rows: 0,
        anomalies: 0,
        timings: { totalMs: durationMs },
        error: reason,
      },
      record: (stored, endedAt) => ({
        ...stored,
        state,
        endedAt,
        durationMs,
        error: cutReason(reason),
      }),
      required: false,
    };
  }
  const { result } = ending;
  const summary = summarise(result.outcomes);
  return {
    state: 'succeeded',
    event: {
      event: 'end',
      state: 'succeeded',
      rows: summary.rows,
      anomalies: summary.anomalies,
      timings: { ...result.timings, totalMs: durationMs },
      ...(result.predictions ? { predictions: result.predictions } : {}),
    },
    record: (stored, endedAt) => ({
      ...stored,
      state: 'succeeded',
      endedAt,
      durationMs,
      error: undefined,
      summary,
      ...problems(result.outcomes),
      // Training outcomes carry the version each entity registered: the report reads the log.
      ...(job.kind === 'score' ? countsOf(result) : {}),
      ...(result.predictions ? { predictions: result.predictions } : {}),
      log: logName,
      ...(result.unmodelled ? { unmodelled: result.unmodelled } : {}),
      ...(result.unmodelledMore ? { unmodelledMore: result.unmodelledMore } : {}),
    }),
    summary,
    required: true,
  };
}

function countsOf(result: JobResult): { counts?: string } {
  const counts = entityCounts(result.outcomes);
  return counts === undefined ? {} : { counts };
}
