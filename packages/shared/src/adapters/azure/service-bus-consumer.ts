/**
 * The consuming half of the Service Bus adapter: a peek-lock receive loop that keeps at most
 * `concurrency` messages locked, renews each lock itself (the SDK's auto-renewal is off, so a
 * failed renewal is seen and aborts the handler), and settles by the shared retry policy.
 */
import { failureReason, isFleetscoreError } from '../../errors.js';
import type { Consumer, JobHandler } from '../../ports/job-queue.js';
import { pause } from '../../runtime/pause.js';
import {
  type ConsumePolicy,
  DEFAULT_DRAIN_DEADLINE_MS,
  lockLostReason,
} from '../job-queue-policy.js';
import { keepLock } from './service-bus-lock.js';
import {
  deadLetterOptions,
  decodeJob,
  deliveryAttempt,
  handBackProperties,
  type JobMessage,
  retryCopy,
} from './service-bus-messages.js';
import type {
  ReceivedMessage,
  ReceiverLike,
  SenderLike,
  ServiceBusClientLike,
} from './service-bus-types.js';

export interface ServiceBusConsumerParams<T> {
  client: ServiceBusClientLike;
  queueName: string;
  /** The queue's sender, shared with enqueue (retry copies are scheduled through it). */
  sender: () => SenderLike;
  handler: JobHandler<T>;
  policy: ConsumePolicy;
  onError: (error: unknown) => void;
}

interface InFlight {
  controller: AbortController;
  lockLost: boolean;
  release: () => void;
  settled: Promise<void>;
}

/** Longest single receive call, ms; close() aborts it at once anyway. */
const RECEIVE_WAIT_MS = 10_000;
/** Pause after a failed receive before the next, ms. */
const RECEIVE_RETRY_MS = 1_000;
/** After the drain deadline, how long abandoning the released messages may take, ms. */
const SETTLE_GRACE_MS = 2_000;

export class ServiceBusConsumer<T> implements Consumer {
  /** The peek-lock receiver, for diagnostics. A receiver whose link died is what a crash looks like. */
  readonly receiver: ReceiverLike;
  readonly #params: ServiceBusConsumerParams<T>;
  readonly #stop = new AbortController();
  readonly #inFlight = new Map<ReceivedMessage, InFlight>();
  readonly #loop: Promise<void>;
  #slotFreed: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(params: ServiceBusConsumerParams<T>) {
    this.#params = params;
    this.receiver = params.client.createReceiver(params.queueName, {
      receiveMode: 'peekLock',
      maxAutoLockRenewalDurationInMs: 0,
    });
    this.#loop = this.#receiveLoop();
  }

  /** Messages this consumer holds locked and is working on (what depth() calls active). */
  get held(): number {
    let held = 0;
    for (const entry of this.#inFlight.values()) if (!entry.lockLost) held += 1;
    return held;
  }

  close(options: { deadlineMs?: number } = {}): Promise<void> {
    this.#closing ??= this.#close(options.deadlineMs ?? DEFAULT_DRAIN_DEADLINE_MS);
    return this.#closing;
  }

  async #close(deadlineMs: number): Promise<void> {
    this.#stop.abort();
    this.#slotFreed?.();
    await this.#loop;
    const settled = () => Promise.all([...this.#inFlight.values()].map((entry) => entry.settled));
    if (!(await within(settled(), deadlineMs))) {
      for (const entry of this.#inFlight.values()) {
        entry.controller.abort(new Error('consumer closed past its drain deadline'));
        entry.release();
      }
      await within(settled(), SETTLE_GRACE_MS);
    }
    await this.receiver.close().catch(this.#params.onError);
  }

  async #receiveLoop(): Promise<void> {
    const { policy, onError } = this.#params;
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const free = policy.concurrency - this.#inFlight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          this.#slotFreed = resolve;
        });
        continue;
      }
      let messages: ReceivedMessage[];
      try {
        messages = await this.receiver.receiveMessages(free, {
          maxWaitTimeInMs: RECEIVE_WAIT_MS,
          abortSignal: stop,
        });
      } catch (error) {
        if (stop.aborted) break;
        onError(error);
        await pause(RECEIVE_RETRY_MS, stop);
        continue;
      }
      for (const message of messages) {
        if (stop.aborted) void this.#handBack(message).catch(onError);
        else this.#start(message);
      }
    }
  }

  #start(message: ReceivedMessage): void {
    const controller = new AbortController();
    let release = () => {};
    const released = new Promise<'released'>((resolve) => {
      release = () => resolve('released');
    });
    const entry = { controller, lockLost: false, release } as InFlight;
    entry.settled = this.#handle(message, entry, released)
      .catch(this.#params.onError)
      .finally(() => {
        this.#inFlight.delete(message);
        this.#slotFreed?.();
      });
    this.#inFlight.set(message, entry);
  }

  async #handle(message: ReceivedMessage, entry: InFlight, released: Promise<'released'>) {
    const { policy, handler, onError } = this.#params;
    const job = decodeJob<T>(message);
    if (!job) return this.#deadLetter(message, 'not a job message (no jobId property)', 0);
    // Lock expiries and abandons count as attempts, as stalls do on BullMQ; hand-backs do not.
    const attempt = deliveryAttempt(job, message);
    if (attempt > policy.maxAttempts) {
      return this.#deadLetter(message, lockLostReason(policy.maxAttempts), policy.maxAttempts);
    }
    const { controller } = entry;
    const lock = keepLock(this.receiver, message, policy.lockMs, onError, () => {
      entry.lockLost = true;
      controller.abort(new Error(`lock lost on job ${job.id}`));
    });
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => handler({ id: job.id, payload: job.payload, attempt }, controller.signal))
          .then(
            () => ({ error: undefined, failed: false }),
            (error: unknown) => ({ error, failed: true }),
          ),
        released,
      ]);
      // The service has handed the message on; settling would fail with MessageLockLost.
      if (entry.lockLost) return;
      if (outcome === 'released') return await this.#handBack(message);
      if (!outcome.failed) return await this.receiver.completeMessage(message);
      const reason = failureReason(outcome.error);
      if (isFleetscoreError(outcome.error, 'NON_RETRYABLE') || attempt >= policy.maxAttempts) {
        return await this.#deadLetter(message, reason, attempt);
      }
      await this.#retry(job, message, attempt);
    } finally {
      lock.stop();
    }
  }

  /**
   * Schedules copy k+1 of the job (message id `<id>#<k+1>`, attempt a+1), then completes copy k
   * (attempt a). The JS SDK has no transactions, so a process death splits the two
   * (docs/scorer.md, "Retries on Service Bus"; tested in service-bus-retry-crash.test.ts):
   * - before the copy is accepted (or scheduling fails): copy k alone comes back when its lock
   *   expires, as attempt a+1 (its deliveryCount grew) — after the lock, not the backoff;
   * - after it (answer lost, or completion never sent): copy k comes back as attempt a+1 and
   *   copy k+1 runs as attempt a+1 too. One attempt number runs twice; none is skipped, none
   *   counts past maxAttempts. If copy k fails again, it schedules `<id>#<k+1>` again, which
   *   duplicate detection drops (the id was seen within the window), so the job's later
   *   copies are not doubled. The handler makes the second run harmless: the scorer
   *   acknowledges a delivery of a succeeded job, or of a dead-lettered one past attempt 1.
   */
  async #retry(job: JobMessage<T>, message: ReceivedMessage, attempt: number): Promise<void> {
    const { policy, sender } = this.#params;
    const { copy, at } = retryCopy(job, message, attempt, policy);
    await sender().scheduleMessages(copy, at);
    await this.receiver.completeMessage(message);
  }

  /** Unfinished at the drain deadline, or received while closing: back to the queue, no attempt spent. */
  #handBack(message: ReceivedMessage): Promise<void> {
    return this.receiver.abandonMessage(message, handBackProperties(message));
  }

  #deadLetter(message: ReceivedMessage, reason: string, attempts: number): Promise<void> {
    return this.receiver.deadLetterMessage(message, deadLetterOptions(reason, attempts));
  }
}

/** True when `promise` settles within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
