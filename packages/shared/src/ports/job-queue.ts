import type { MessagingTarget } from './messaging.js';
/**
 * A work queue with leases (the Service Bus role; BullMQ on Redis locally). A job runs in one
 * consumer at a time while its lock is renewed; a consumer that dies loses the lock and the
 * job is delivered again. A job that keeps failing ends in the dead-letter list with a reason.
 */
export interface JobQueue<T> {
  /** What producer and consumer spans name as the destination (adapters set it). */
  readonly messaging?: MessagingTarget;
  /**
   * Adds a job. `id` is its idempotency key: enqueueing an id that is already known (waiting,
   * active, delayed, completed within retention, or dead-lettered) is a no-op, reported as
   * `{ enqueued: false }` where the backend can tell. Service Bus cannot (duplicate detection
   * drops the message silently, and only within its window): there `enqueued` is always true.
   */
  enqueue(job: NewJob<T>, options?: { signal?: AbortSignal }): Promise<{ enqueued: boolean }>;
  /**
   * Starts consuming. The handler's outcome decides the job's fate: resolve → completed;
   * throw → retried with backoff until `maxAttempts`, then dead-lettered with the error message;
   * throw `NonRetryableError` → dead-lettered at once. `signal` aborts when the lock is lost or
   * the consumer closes past its drain deadline.
   */
  consume(handler: JobHandler<T>, options?: ConsumeOptions): Consumer;
  depth(): Promise<QueueDepth>;
  /** The most recent dead letters, newest first. */
  deadLetters(options?: { limit?: number }): Promise<DeadLetter<T>[]>;
  /**
   * Puts a dead-lettered job back on the queue with its attempts reset (its next delivery is
   * attempt 1, and it gets `maxAttempts` again); false when there is no dead letter with this
   * id — never was, or already replayed.
   */
  replayDeadLetter(id: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  close(): Promise<void>;
}

export interface NewJob<T> {
  /** Idempotency key and job id; a validated id (e.g. `{runId}.{jobIndex}`). */
  id: string;
  payload: T;
  /** Delay before the first delivery, ms. */
  delayMs?: number;
}

export interface ReceivedJob<T> {
  id: string;
  payload: T;
  /** 1 on first delivery. */
  attempt: number;
}

export type JobHandler<T> = (job: ReceivedJob<T>, signal: AbortSignal) => Promise<void>;

export interface ConsumeOptions {
  /** Jobs handled at once by this consumer. Default 1. */
  concurrency?: number;
  /** Lock duration, renewed while the handler runs, ms. Default 30,000. */
  lockMs?: number;
  /** Attempts before dead-lettering. Default 5. */
  maxAttempts?: number;
  /** Exponential backoff: base delay ms (default 1,000), doubled per attempt, capped (default 60,000). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface Consumer {
  /**
   * Stops taking jobs, waits for running handlers up to `deadlineMs` (default 20,000), then
   * aborts the handlers still running and hands their jobs back for redelivery.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * Jobs by state. `failed` counts jobs whose last attempt failed and that wait for a retry
 * (they are also in `delayed` where the backend keeps them there; see each adapter's docs).
 */
export interface QueueDepth {
  waiting: number;
  /** Waiting jobs held in priority order (BullMQ's `prioritized`; 0 on Service Bus). */
  prioritized: number;
  delayed: number;
  active: number;
  failed: number;
  deadLettered: number;
}

export interface DeadLetter<T> {
  id: string;
  payload: T;
  reason: string;
  attempts: number;
  deadLetteredAt: Date;
}
