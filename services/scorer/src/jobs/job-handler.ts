import {
  ATTR,
  type BlobStore,
  inSpan,
  isFleetscoreError,
  type JobHandler,
  type JobPayload,
  type JobRecord,
  jobPayloadSchema,
  type Ledger,
  type Logger,
  logBlobName,
  type MessagingTarget,
  NonRetryableError,
  type ReceivedJob,
  type Span,
  tracer,
} from '@fleetscore/shared';
import { z } from 'zod';
import { createScorerMetrics, type ScorerMetrics } from '../metrics.js';
import { epochMs, inJobSpan, recordJobPhases } from '../tracing.js';
import { messageOf } from './failures.js';
import { JobLog } from './job-log.js';
import type { JobResult } from './job-outcome.js';
import { cutReason, entityCounts, problems, summarise } from './job-summary.js';
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
 * succeeded | failed | dead-lettered | cancelled), runs the job and writes its log blob.
 *
 * Errors: a transient one marks the job `failed` and is rethrown, so the queue retries with
 * backoff; a permanent one (NonRetryableError, e.g. corrupt window data or an invalid payload)
 * or the last attempt marks it `dead-lettered` and rethrows a NonRetryableError, so the queue
 * dead-letters it with the same reason. A job whose lock was lost or that was handed back at
 * shutdown (its signal aborted) leaves the ledger alone: another delivery owns the job now.
 *
 * Each delivery is a span, a child of the run's launch span (see tracing.ts), and is counted
 * by outcome with its duration (metrics.ts).
 */
export function createJobHandler(deps: JobHandlerDeps): JobHandler<unknown> {
  const now = deps.now ?? (() => new Date());
  const ledgerWrite = <T>(call: () => Promise<T>) => retryTransient(call);
  const metrics = deps.metrics ?? createScorerMetrics();

  const handle = async (received: ReceivedJob<unknown>, signal: AbortSignal, span: Span) => {
    const handlerStarted = performance.now();
    const seconds = () => (performance.now() - handlerStarted) / 1000;
    const parsed = jobPayloadSchema.safeParse(received.payload);
    if (!parsed.success) {
      metrics.job('unknown', 'dead-lettered', seconds());
      throw new NonRetryableError(`invalid job payload: ${z.prettifyError(parsed.error)}`);
    }
    const job = parsed.data;
    const { runId, jobIndex } = job;
    // The scheduler records every job before enqueueing it: a job without a record is not
    // one of a planned run, and retrying cannot make it one.
    const update = (change: (record: JobRecord) => JobRecord | undefined) =>
      ledgerWrite(() => deps.ledger.updateJob(runId, jobIndex, change)).catch((error: unknown) => {
        if (!isFleetscoreError(error, 'NOT_FOUND')) throw error;
        throw new NonRetryableError(`job ${received.id} has no ledger record`, { cause: error });
      });

    const run = await ledgerWrite(() => deps.ledger.getRun(runId));
    if (run?.state === 'cancelled') {
      await update((record) => ({ ...record, state: 'cancelled', endedAt: now().toISOString() }));
      metrics.job(job.kind, 'cancelled', seconds());
      deps.log.info({ job: received.id }, 'run cancelled; job acknowledged unscored');
      return;
    }

    const startedAt = now();
    const started = performance.now();
    const log = new JobLog(now);
    log.add({
      event: 'start',
      runId,
      jobIndex,
      kind: job.kind,
      attempt: received.attempt,
      workerId: deps.workerId,
      shard: job.shard,
      from: job.from,
      to: job.to,
      entities: job.entities.length,
    });
    // A job whose earlier delivery succeeded (its completion was lost on the way to the queue:
    // a stalled lock, a broker restart) is done: its blobs and record are written. Scoring it
    // again would rewrite the same blobs, but reopen a record the run may already have counted.
    // So is a dead-lettered job delivered at an attempt past the first: a stray retry copy of
    // its own life (on Service Bus, a process that died between scheduling a retry and
    // completing the message leaves both; docs/scorer.md) — a replay starts again at attempt 1.
    const opened = await update((record) =>
      record.state === 'succeeded' ||
      record.state === 'cancelled' ||
      (record.state === 'dead-lettered' && received.attempt > 1)
        ? undefined
        : {
            ...record,
            state: 'running',
            attempts: Math.max(record.attempts, received.attempt),
            workerId: deps.workerId,
            startedAt: startedAt.toISOString(),
            endedAt: undefined,
            durationMs: undefined,
            error: undefined,
          },
    );
    if (
      opened.state === 'succeeded' ||
      opened.state === 'cancelled' ||
      opened.state === 'dead-lettered'
    ) {
      metrics.job(job.kind, 'duplicate', seconds());
      deps.log.info({ job: received.id, state: opened.state }, 'job already ended; acknowledged');
      return;
    }
    const logName = logBlobName(runId, jobIndex);

    let result: JobResult;
    try {
      result = await deps.execute(job, log, signal);
    } catch (error) {
      if (signal.aborted) {
        metrics.job(job.kind, 'handed-back', seconds());
        throw error;
      }
      const reason = messageOf(error);
      const final =
        isFleetscoreError(error, 'NON_RETRYABLE') || received.attempt >= deps.maxAttempts;
      const state = final ? 'dead-lettered' : 'failed';
      const durationMs = Math.round(performance.now() - started);
      log.add({
        event: 'end',
        state,
        rows: 0,
        anomalies: 0,
        timings: { totalMs: durationMs },
        error: reason,
      });
      await deps.blobs
        .put(logName, log.text(), { contentType: 'application/x-ndjson' })
        .catch((e: unknown) => deps.log.warn({ err: e }, 'could not write the job log'));
      // Best effort: the queue's own retry or dead letter must happen even if this write fails.
      await update((record) => ({
        ...record,
        state,
        endedAt: now().toISOString(),
        durationMs,
        error: cutReason(reason),
      })).catch((e: unknown) => deps.log.warn({ err: e }, 'could not record the job failure'));
      metrics.job(job.kind, state, seconds());
      deps.log.warn({ job: received.id, attempt: received.attempt, state, reason }, 'job failed');
      throw final ? new NonRetryableError(reason, { cause: error }) : error;
    }

    recordJobPhases(span, epochMs(started), result.timings);
    const summary = summarise(result.outcomes);
    span.setAttributes({
      [ATTR.rows]: summary.rows,
      [ATTR.anomalies]: summary.anomalies,
    });
    const durationMs = Math.round(performance.now() - started);
    log.add({
      event: 'end',
      state: 'succeeded',
      rows: summary.rows,
      anomalies: summary.anomalies,
      timings: { ...result.timings, totalMs: durationMs },
      ...(result.predictions ? { predictions: result.predictions } : {}),
    });
    await inSpan(tracer('fleetscore-scorer'), 'write job log', {}, () =>
      deps.blobs.put(logName, log.text(), { contentType: 'application/x-ndjson', signal }),
    );
    await update((record) => ({
      ...record,
      state: 'succeeded',
      endedAt: now().toISOString(),
      durationMs,
      error: undefined,
      summary,
      ...problems(result.outcomes),
      // Training outcomes carry the version each entity registered: the report reads the log.
      ...(job.kind === 'score' ? countsOf(result.outcomes) : {}),
      ...(result.predictions ? { predictions: result.predictions } : {}),
      log: logName,
      ...(result.unmodelled ? { unmodelled: result.unmodelled } : {}),
      ...(result.unmodelledMore ? { unmodelledMore: result.unmodelledMore } : {}),
    }));
    metrics.job(job.kind, 'succeeded', seconds());
    metrics.outcomes(job.kind, result.outcomes);
  };

  return (received, signal) =>
    inJobSpan(received, deps.messaging, (span) => handle(received, signal, span));
}

function countsOf(outcomes: Parameters<typeof entityCounts>[0]): { counts?: string } {
  const counts = entityCounts(outcomes);
  return counts === undefined ? {} : { counts };
}
