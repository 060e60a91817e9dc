import {
  ATTR,
  type BlobStore,
  failureReason,
  inSpan,
  isFleetscoreError,
  type JobHandler,
  type JobPayload,
  jobPayloadSchema,
  type Logger,
  logBlobName,
  type MessagingTarget,
  NonRetryableError,
  type ReceivedJob,
  type Span,
  tracer,
} from '@fleetscore/shared';
import type { JobRecord, Ledger } from '@fleetscore/shared/ledger';
import { z } from 'zod';
import {
  type AttemptEnd,
  attemptEnd,
  cancelledRecord,
  type Delivery,
  type Ending,
  failureState,
  hasEnded,
  openedRecord,
  startEvent,
} from './job-attempt.js';
import { JobLog } from './job-log.js';
import { createScorerMetrics, type ScorerMetrics } from './job-metrics.js';
import type { JobResult } from './job-outcome.js';
import { epochMs, inJobSpan, recordJobPhases, SCORER_TRACER } from './job-tracing.js';
import { retryTransient } from './retry.js';

export interface JobHandlerDeps {
  blobs: BlobStore;
  ledger: Ledger;
  /** Runs the job's work (scoreJob or trainJob, bound to their deps). */
  execute(payload: JobPayload, log: JobLog, signal: AbortSignal): Promise<JobResult>;
  log: Logger;
  /** `host:pid`. */
  workerId: string;
  /** Attempts before the queue dead-letters a job (the consumer's maxAttempts). */
  maxAttempts: number;
  now?: () => Date;
  /** Default: instruments on the process's meter provider. */
  metrics?: ScorerMetrics;
  /** The queue's system and name, for the job span's messaging attributes. */
  messaging?: MessagingTarget;
}

/**
 * The queue handler: validates the payload, keeps the job's ledger record in step (running →
 * succeeded | failed | dead-lettered | cancelled), runs the job and writes its log blob. What
 * the record becomes at each step is decided by job-attempt.ts; this carries it out.
 *
 * Errors: a transient one marks the job `failed` and is rethrown, so the queue retries with
 * backoff; a permanent one (NonRetryableError, e.g. corrupt window data or an invalid payload)
 * or the last attempt marks it `dead-lettered` and rethrows a NonRetryableError, so the queue
 * dead-letters it with the same reason. A job whose lock was lost or that was handed back at
 * shutdown (its signal aborted) leaves the ledger alone: another delivery owns the job now.
 *
 * Each delivery is a span, a child of the run's launch span (see job-tracing.ts), and is counted
 * by outcome with its duration (job-metrics.ts).
 */
export function createJobHandler(deps: JobHandlerDeps): JobHandler<unknown> {
  const now = deps.now ?? (() => new Date());
  const ledgerWrite = <T>(call: () => Promise<T>) => retryTransient(call);
  const metrics = deps.metrics ?? createScorerMetrics();
  /** A failure's writes are best effort (`AttemptEnd.required`): said, not thrown. */
  const settle = async (required: boolean, what: string, write: () => Promise<unknown>) => {
    if (required) await write();
    else await write().catch((err: unknown) => deps.log.warn({ err }, what));
  };
  /** The end of an attempt whose work ran, whatever its kind and ending: log blob, then record. */
  const writeEnd = async (
    end: AttemptEnd,
    log: JobLog,
    logName: string,
    update: (change: (record: JobRecord) => JobRecord | undefined) => Promise<JobRecord>,
    signal: AbortSignal,
  ) => {
    await settle(end.required, 'could not write the job log', () =>
      inSpan(tracer(SCORER_TRACER), 'write job log', {}, () =>
        deps.blobs.put(logName, log.text(), {
          contentType: 'application/x-ndjson',
          // A success's write stops with its delivery (handed back, the next one rewrites it);
          // a failure's, best effort, is not cut short.
          ...(end.required ? { signal } : {}),
        }),
      ),
    );
    await settle(end.required, 'could not record the job failure', () =>
      update((record) => end.record(record, now().toISOString())),
    );
  };

  const handle = async (received: ReceivedJob<unknown>, signal: AbortSignal, span: Span) => {
    const handlerStarted = performance.now();
    const seconds = () => (performance.now() - handlerStarted) / 1000;
    const parsed = jobPayloadSchema.safeParse(received.payload);
    if (!parsed.success) {
      metrics.job('unknown', 'dead-lettered', seconds());
      throw new NonRetryableError(`invalid job payload: ${z.prettifyError(parsed.error)}`);
    }
    const job = parsed.data;
    const delivery: Delivery = { attempt: received.attempt, workerId: deps.workerId };
    // The scheduler records every job before enqueueing it: a job without a record is not
    // one of a planned run, and retrying cannot make it one.
    const update = (change: (record: JobRecord) => JobRecord | undefined) =>
      ledgerWrite(() => deps.ledger.updateJob(job.runId, job.jobIndex, change)).catch(
        (error: unknown) => {
          if (!isFleetscoreError(error, 'NOT_FOUND')) throw error;
          throw new NonRetryableError(`job ${received.id} has no ledger record`, { cause: error });
        },
      );

    const run = await ledgerWrite(() => deps.ledger.getRun(job.runId));
    if (run?.state === 'cancelled') {
      await update((record) => cancelledRecord(record, now().toISOString()));
      metrics.job(job.kind, 'cancelled', seconds());
      deps.log.info({ job: received.id }, 'run cancelled; job acknowledged unscored');
      return;
    }

    const startedAt = now().toISOString();
    const started = performance.now();
    const log = new JobLog(now);
    log.add(startEvent(job, delivery));
    const opened = await update((record) => openedRecord(record, delivery, startedAt));
    if (hasEnded(opened, delivery.attempt)) {
      metrics.job(job.kind, 'duplicate', seconds());
      deps.log.info({ job: received.id, state: opened.state }, 'job already ended; acknowledged');
      return;
    }

    const logName = logBlobName(job.runId, job.jobIndex);
    let ending: Ending;
    let failure: unknown;
    try {
      ending = { state: 'succeeded', result: await deps.execute(job, log, signal) };
    } catch (error) {
      if (signal.aborted) {
        metrics.job(job.kind, 'handed-back', seconds());
        throw error;
      }
      failure = error;
      const state = failureState(error, received.attempt, deps.maxAttempts);
      ending = { state, reason: failureReason(error) };
    }

    if (ending.state === 'succeeded')
      recordJobPhases(span, epochMs(started), ending.result.timings);
    const end = attemptEnd(job, ending, Math.round(performance.now() - started), logName);
    if (end.summary !== undefined) {
      span.setAttributes({
        [ATTR.rows]: end.summary.rows,
        [ATTR.anomalies]: end.summary.anomalies,
      });
    }
    log.add(end.event);
    await writeEnd(end, log, logName, update, signal);
    metrics.job(job.kind, end.state, seconds());

    if (ending.state === 'succeeded') {
      metrics.outcomes(job.kind, ending.result.outcomes);
      return;
    }
    const { state, reason } = ending;
    deps.log.warn({ job: received.id, attempt: received.attempt, state, reason }, 'job failed');
    throw state === 'dead-lettered' ? new NonRetryableError(reason, { cause: failure }) : failure;
  };

  return (received, signal) =>
    inJobSpan(received, deps.messaging, (span) => handle(received, signal, span));
}
