/**
 * The consuming half of the BullMQ adapter: one BullMQ Worker running the port's handler with
 * the shared retry policy. BullMQ keeps the lock (`lockDuration` = lockMs, renewed every
 * lockMs / 2) and its stalled-job checker hands a job whose lock expired back to `wait`.
 */
import { type ConnectionOptions, type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { failureReason, isFleetscoreError } from '../../errors.js';
import type { Consumer, JobHandler } from '../../ports/job-queue.js';
import {
  type ConsumePolicy,
  DEFAULT_DRAIN_DEADLINE_MS,
  lockLostReason,
  retryDelayMs,
} from '../job-queue-policy.js';

export interface BullMqConsumerParams<T> {
  name: string;
  prefix: string;
  connection: ConnectionOptions;
  /** Closed after the worker (a client made by the adapter's connection factory). */
  ownedClient?: { quit(): Promise<unknown> };
  handler: JobHandler<T>;
  policy: ConsumePolicy;
  stalledIntervalMs: number;
  onError: (error: unknown) => void;
}

interface InFlight {
  id: string;
  controller: AbortController;
  /** Set when BullMQ could not renew the lock: the job has been, or will be, handed on. */
  lockLost: boolean;
  /** Ends the wait for a handler that outlived the drain deadline. */
  release: () => void;
}

/** Name of the custom backoff strategy every job is enqueued with (see `backoffStrategy`). */
export const BACKOFF_TYPE = 'fleetscore';

/**
 * Takes back the start of a delivery that a draining consumer hands back unfinished: BullMQ
 * counts every start in the job's `ats` field (our attempt number), and `moveToWait` leaves it
 * as it is. Only while this consumer still holds the job's lock (KEYS[1] the job's hash, ARGV[1]
 * the lock token), so that no other worker's start is taken back. Returns the new count, or -1.
 */
const UNSTART = {
  name: 'fleetscoreUnstart',
  numberOfKeys: 1,
  lua: `if redis.call('GET', KEYS[1] .. ':lock') == ARGV[1] then
  return redis.call('HINCRBY', KEYS[1], 'ats', -1)
end
return -1`,
};

export class BullMqConsumer<T> implements Consumer {
  /** The underlying BullMQ worker, for its events. Closing it with `force` is what a crash looks like. */
  readonly worker: Worker<T, void>;
  readonly #params: BullMqConsumerParams<T>;
  /** One entry per delivery (a job redelivered after a lost lock may briefly have two). */
  readonly #inFlight = new Set<InFlight>();
  #closing: Promise<void> | undefined;
  /** The worker has closed with handlers still running: their jobs return by lock expiry. */
  #orphaned = false;

  constructor(params: BullMqConsumerParams<T>) {
    this.#params = params;
    const { policy } = params;
    // Two parameters: BullMQ then creates no AbortController of its own; ours is aborted on a
    // lost lock (lockRenewalFailed) or past the drain deadline.
    this.worker = new Worker<T, void>(params.name, (job, token) => this.#process(job, token), {
      connection: params.connection,
      prefix: params.prefix,
      concurrency: policy.concurrency,
      lockDuration: policy.lockMs,
      stalledInterval: params.stalledIntervalMs,
      // A stall is counted as an attempt (attemptsStarted grows on every delivery), and
      // #process dead-letters a job delivered past maxAttempts; this limit is only a backstop.
      maxStalledCount: policy.maxAttempts,
      settings: {
        backoffStrategy: (attemptsMade, _type, _error, job) =>
          retryDelayMs(attemptsStartedOf(job) ?? attemptsMade, policy),
      },
    });
    this.worker.on('error', params.onError);
    this.worker.on('lockRenewalFailed', (jobIds) => {
      for (const entry of this.#inFlight) if (jobIds.includes(entry.id)) this.#loseLock(entry);
    });
  }

  close(options: { deadlineMs?: number } = {}): Promise<void> {
    this.#closing ??= this.#close(options.deadlineMs ?? DEFAULT_DRAIN_DEADLINE_MS);
    return this.#closing;
  }

  async #close(deadlineMs: number): Promise<void> {
    const timer = setTimeout(() => this.#releaseAll(), deadlineMs);
    try {
      // Stops intake at once (drops the blocking connection), then waits for running handlers.
      await this.worker.close();
    } finally {
      clearTimeout(timer);
      // Handlers still registered belong to a worker that was closed under them (a crash).
      this.#orphaned = true;
      this.#releaseAll();
      await this.#params.ownedClient?.quit().catch(() => undefined);
    }
  }

  async #process(job: Job<T, void>, token: string | undefined): Promise<void> {
    const { policy, handler, onError } = this.#params;
    const id = job.id ?? '';
    const attempt = job.attemptsStarted;
    // Delivered past the cap: the last allowed attempt lost its lock before it finished.
    if (attempt > policy.maxAttempts) {
      throw new UnrecoverableError(lockLostReason(policy.maxAttempts));
    }

    const controller = new AbortController();
    let release = () => {};
    const released = new Promise<'released'>((resolve) => {
      release = () => resolve('released');
    });
    const entry: InFlight = { id, controller, lockLost: false, release };
    this.#inFlight.add(entry);
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => handler({ id, payload: job.data, attempt }, controller.signal))
          .then(
            () => ({ error: undefined, failed: false }),
            (error: unknown) => ({ error, failed: true }),
          ),
        released,
      ]);
      // The lock is gone: BullMQ has handed the job on, and settling it would fail ("Missing
      // lock"). WaitingError makes BullMQ let go of the job without touching it.
      if (entry.lockLost) throw new WaitingError();
      if (outcome === 'released') {
        // Past the drain deadline: hand the job back now rather than after its lock expires,
        // and without spending an attempt (a job on its last one would be dead-lettered).
        if (!this.#orphaned) await this.#handBack(job, token).catch(onError);
        throw new WaitingError();
      }
      if (!outcome.failed) return;
      const reason = failureReason(outcome.error);
      const final =
        isFleetscoreError(outcome.error, 'NON_RETRYABLE') || attempt >= policy.maxAttempts;
      // UnrecoverableError skips BullMQ's retries: the job goes to `failed`, our dead letters.
      throw final ? new UnrecoverableError(reason) : new Error(reason);
    } finally {
      this.#inFlight.delete(entry);
    }
  }

  async #handBack(job: Job<T, void>, token: string | undefined): Promise<void> {
    const client = await this.worker.getBackend().client;
    client.defineCommand(UNSTART.name, UNSTART);
    await client.runCommand(UNSTART.name, [`${job.queueQualifiedName}:${job.id}`, token ?? '']);
    await job.moveToWait(token);
  }

  #loseLock(entry: InFlight): void {
    if (entry.lockLost) return;
    entry.lockLost = true;
    entry.controller.abort(new Error(`lock lost on job ${entry.id}`));
  }

  #releaseAll(): void {
    for (const entry of this.#inFlight) {
      entry.controller.abort(new Error('consumer closed past its drain deadline'));
      entry.release();
    }
  }
}

/** BullMQ passes the full Job to backoff strategies, typed as MinimalJob (no attemptsStarted). */
function attemptsStartedOf(job: unknown): number | undefined {
  const started = (job as { attemptsStarted?: unknown } | undefined)?.attemptsStarted;
  return typeof started === 'number' && started > 0 ? started : undefined;
}
