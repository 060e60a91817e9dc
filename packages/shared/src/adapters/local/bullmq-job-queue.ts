/**
 * JobQueue on BullMQ (Redis), the local stand-in for Service Bus.
 *
 * - Idempotent enqueue: the port's id is the BullMQ jobId; BullMQ ignores an add whose id
 *   exists (waiting, delayed, active, completed within retention, failed). The job name carries
 *   a random enqueue token, so reading it back tells our add from an earlier one.
 * - Attempts: `attempt` is BullMQ's attemptsStarted, which grows on every delivery, so a stall
 *   (lock expired: crash, blocked event loop, close past the deadline) counts as an attempt, as
 *   a lock expiry does on Service Bus. The adapter, not BullMQ's `attempts`, decides the last
 *   attempt: jobs are added with an attempts ceiling never reached.
 * - Dead letters are BullMQ's `failed` set: only final failures land there (UnrecoverableError),
 *   the move is atomic, and the job keeps its id, so a dead-lettered id still blocks enqueue.
 *   A separate `<name>:dlq` queue would need a two-step move and would free the id. Replay is
 *   BullMQ's `retry('failed')` with both attempt counters reset.
 * - Retries wait in `delayed`; only Workers promote delayed jobs, so with zero consumers a
 *   retry (or a delayed first delivery) waits until a consumer starts.
 * - Handlers run on the event loop: a CPU-bound handler that blocks it stops lock renewal and
 *   its job stalls (BullMQ #631) — the scorer runs models in worker threads for this reason.
 */

import { randomUUID } from 'node:crypto';
import { isNotConnectionError, type Job, Queue } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { UnavailableError } from '../../errors.js';
import type {
  ConsumeOptions,
  DeadLetterListing,
  DeadLetterQuery,
  JobHandler,
  JobQueue,
  NewJob,
  QueueDepth,
} from '../../ports/job-queue.js';
import type { MessagingTarget } from '../../ports/messaging.js';
import { assertJobId, consumePolicy } from '../job-queue-policy.js';
import { positiveInt } from '../options.js';
import { BACKOFF_TYPE, BullMqConsumer } from './bullmq-consumer.js';
import { bullMqDeadLetterPage } from './bullmq-dead-letters.js';
import { countRetrying } from './bullmq-reads.js';

/** ioredis options (with an optional `url`), or a factory of ioredis clients. */
export type BullMqConnection = (RedisOptions & { url?: string }) | (() => Redis);

export interface BullMqJobQueueOptions {
  /**
   * Options from which BullMQ opens (and closes) its own connections, or a factory called once
   * for the producer and once per consumer; the adapter quits the clients it got from it.
   * Factory clients must set `maxRetriesPerRequest: null` (BullMQ Workers require it).
   */
  connection: BullMqConnection;
  name: string;
  /** Redis key prefix. Default `bull`. */
  prefix?: string;
  /** How long completed jobs (and so their ids, for idempotent enqueue) are kept, s. Default 7 days. */
  completedRetentionS?: number;
  /**
   * Period of BullMQ's stalled-job check, ms. A crashed consumer's job is delivered again
   * between lockMs and lockMs + 2 × this after the crash. Default: the consumer's lockMs.
   */
  stalledIntervalMs?: number;
  /**
   * How long enqueue, depth and deadLetters wait for Redis before rejecting with
   * UnavailableError, ms (BullMQ itself waits for a connection indefinitely). A timed-out
   * enqueue may still land; enqueueing the same id again is safe. Default 10,000.
   */
  operationTimeoutMs?: number;
  /** Background errors (lost locks, connection drops); the queue recovers by redelivery. Default: ignored. */
  onError?: (error: unknown) => void;
}

/** BullMQ's errors when a job left `failed` (or vanished) before `retry` moved it. */
const NOT_A_DEAD_LETTER = /is not in the failed state|Missing key for job/;

/** BullMQ's own retry count is never what ends a job (see the module comment). */
const ATTEMPTS_CEILING = 1_000_000;

export class BullMqJobQueue<T> implements JobQueue<T> {
  readonly #options: BullMqJobQueueOptions;
  readonly messaging: MessagingTarget;
  readonly #prefix: string;
  readonly #queue: Queue<Job<T, void, string>>;
  readonly #queueClient: Redis | undefined;
  readonly #consumers = new Set<BullMqConsumer<T>>();
  #closed: Promise<void> | undefined;

  constructor(options: BullMqJobQueueOptions) {
    this.#options = options;
    this.messaging = { system: 'bullmq', destination: options.name };
    this.#prefix = options.prefix ?? 'bull';
    const { connection, owned } = this.#connect();
    this.#queueClient = owned;
    this.#queue = new Queue<Job<T, void, string>>(options.name, {
      connection,
      prefix: this.#prefix,
    });
    this.#queue.on('error', this.#onError);
  }

  async enqueue(
    job: NewJob<T>,
    options?: { signal?: AbortSignal },
  ): Promise<{ enqueued: boolean }> {
    assertJobId(job.id);
    const token = randomUUID();
    return this.#call(async () => {
      await this.#queue.add(token, job.payload, {
        jobId: job.id,
        delay: job.delayMs,
        attempts: ATTEMPTS_CEILING,
        backoff: { type: BACKOFF_TYPE },
        removeOnComplete: { age: this.#options.completedRetentionS ?? 7 * 24 * 3600 },
        removeOnFail: false,
      });
      const stored = await this.#queue.getJob(job.id);
      // Another add won when the stored token is not ours. (A job that completed and was
      // removed within this round trip reads as absent; with retention that cannot happen.)
      return { enqueued: stored === undefined || stored.name === token };
    }, options?.signal);
  }

  consume(handler: JobHandler<T>, options?: ConsumeOptions): BullMqConsumer<T> {
    const policy = consumePolicy(options);
    const { connection, owned } = this.#connect();
    const consumer = new BullMqConsumer<T>({
      name: this.#options.name,
      prefix: this.#prefix,
      connection,
      ...(owned ? { ownedClient: owned } : {}),
      handler,
      policy,
      stalledIntervalMs: this.#options.stalledIntervalMs ?? policy.lockMs,
      onError: this.#onError,
    });
    this.#consumers.add(consumer);
    return consumer;
  }

  /** One read of the queue's keys (the length of `wait`), bounded by operationTimeoutMs like every call. */
  async probe(options?: { signal?: AbortSignal }): Promise<void> {
    await this.#call(async () => {
      const client = await this.#queue.getBackend().client;
      await client.llen(this.#queue.toKey('wait'));
    }, options?.signal);
  }

  /**
   * `waiting` = wait; `prioritized` = BullMQ's prioritized (jobs added with a priority; the
   * adapter adds none itself); `delayed` includes retries; `failed` = delayed jobs that have
   * failed before (a scan of `delayed`, O(delayed)); `deadLettered` = BullMQ's `failed` set.
   */
  async depth(): Promise<QueueDepth> {
    return this.#call(async () => {
      const counts = await this.#queue.getJobCounts(
        'waiting',
        'prioritized',
        'delayed',
        'active',
        'failed',
      );
      return {
        waiting: counts.waiting ?? 0,
        prioritized: counts.prioritized ?? 0,
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        failed: await countRetrying(this.#queue),
        deadLettered: counts.failed ?? 0,
      };
    });
  }

  /**
   * BullMQ's `retry('failed')` moves the job from `failed` back to `wait` atomically (one Lua
   * script), clearing its failure and both attempt counters, so the next delivery is attempt 1.
   * The job keeps its id throughout, so enqueueing that id stays a no-op.
   */
  async replayDeadLetter(id: string, options?: { signal?: AbortSignal }): Promise<boolean> {
    return this.#call(async () => {
      const job = await this.#queue.getJob(id);
      if (job === undefined || !(await job.isFailed())) return false;
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      } catch (error) {
        // A concurrent replay (or removal) won between the read and the move.
        if (error instanceof Error && NOT_A_DEAD_LETTER.test(error.message)) return false;
        throw error;
      }
    }, options?.signal);
  }

  /** The `failed` set a page at a time, oldest first, keyed by (time, id): bullmq-dead-letters.ts. */
  async deadLetters(options: DeadLetterQuery = {}): Promise<DeadLetterListing<T>> {
    const limit = positiveInt('limit', options.limit ?? 100);
    return this.#call(
      () => bullMqDeadLetterPage(this.#queue, limit, options.continuation),
      options.signal,
    );
  }

  /** Closes consumers still open (default drain deadline), then the producer connection. */
  /**
   * The BullMQ queue itself, for inspection tools that speak BullMQ (Bull Board). Not part of
   * the `JobQueue` port: nothing that schedules or runs jobs may use it, and it lives only as
   * long as this adapter (closed by `close`). Reach it through `bullMqQueueOf`.
   */
  get inspectionQueue(): Queue {
    return this.#queue;
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      await Promise.all([...this.#consumers].map((consumer) => consumer.close()));
      await this.#queue.close();
      await this.#queueClient?.quit().catch(() => undefined);
    })();
    return this.#closed;
  }

  readonly #onError = (error: unknown) => this.#options.onError?.(error);

  /** Runs a Redis operation bounded by operationTimeoutMs and the caller's signal. */
  async #call<R>(operation: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    const timeoutMs = this.#options.operationTimeoutMs ?? 10_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await abortable(operation, signal ? AbortSignal.any([signal, timeout]) : timeout);
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new UnavailableError(`Redis did not answer within ${timeoutMs} ms`, { cause: error });
      }
      throw translate(error);
    }
  }

  #connect(): { connection: RedisOptions | Redis; owned?: Redis } {
    const { connection } = this.#options;
    if (typeof connection !== 'function') return { connection };
    const client = connection();
    return { connection: client, owned: client };
  }
}

/** Rejects when `signal` aborts; the operation itself may still complete (BullMQ takes no signal). */
function abortable<R>(operation: () => Promise<R>, signal: AbortSignal): Promise<R> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<R>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    operation()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Connection failures become UnavailableError; anything else is a bug and passes through. */
function translate(error: unknown): unknown {
  if (
    error instanceof Error &&
    (error.name === 'MaxRetriesPerRequestError' || !isNotConnectionError(error))
  ) {
    return new UnavailableError(`Redis unavailable: ${error.message}`, { cause: error });
  }
  return error;
}
