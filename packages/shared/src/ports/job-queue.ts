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
  /**
   * Readiness: one round trip to the queue that needs no right beyond sending and receiving
   * (Service Bus: a peek of one message, the Listen right; BullMQ: a Redis PING). Never a
   * management read: a consumer's readiness must not need more than consuming does.
   */
  probe(options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Jobs by state. On Service Bus a management read (the queue's runtime properties: the
   * Manage right, Data Owner): only the component that scales or reports on the queue (the
   * scheduler: `/v1/scaling`, `/metrics`, its readiness) calls it, never a consumer.
   */
  depth(): Promise<QueueDepth>;
  /**
   * One page of the dead letters, **oldest first** (BullMQ: by the time each was dead-lettered;
   * Service Bus: by the dead-letter sub-queue's sequence number), and a `continuation` to pass
   * back for the next page (absent once the listing has reached the end; the last page may be
   * empty). Pages are keyed by position, not offset: while none are added, paging visits every
   * letter exactly once, and a letter replayed (removed) between two pages moves no other
   * letter across a page boundary. A letter dead-lettered during a listing may or may not be
   * on a later page. `limit`: default 100, at least 1. An unreadable token is a
   * `NonRetryableError`.
   */
  deadLetters(options?: DeadLetterQuery): Promise<DeadLetterListing<T>>;
  /**
   * Puts a dead-lettered job back on the queue with its attempts reset (its next delivery is
   * attempt 1, and it gets `maxAttempts` again); false when there is no dead letter with this
   * id — never was, or already replayed.
   */
  replayDeadLetter(id: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What a consuming process (the scorer) uses of a queue: data-plane calls only, so on Service
 * Bus it runs with Sender + Receiver and never needs the Manage right that `depth()` takes.
 */
export type ConsumerQueue<T> = Pick<JobQueue<T>, 'consume' | 'probe' | 'close' | 'messaging'>;

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

export interface DeadLetterQuery {
  /** Most letters on the page. Default 100. */
  limit?: number;
  /** The previous page's `continuation`; absent for the first page. */
  continuation?: string;
  signal?: AbortSignal;
}

export interface DeadLetterListing<T> {
  letters: DeadLetter<T>[];
  /** Opaque; absent when the listing has reached the end. */
  continuation?: string;
}

export interface DeadLetter<T> {
  id: string;
  payload: T;
  reason: string;
  attempts: number;
  deadLetteredAt: Date;
}
