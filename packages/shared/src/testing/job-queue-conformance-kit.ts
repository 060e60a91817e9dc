/** What the JobQueue conformance suite needs from a backend, and the small tools it uses. */
import type {
  ConsumeOptions,
  Consumer,
  DeadLetter,
  JobHandler,
  JobQueue,
  QueueDepth,
} from '../ports/job-queue.js';

export interface ConformancePayload {
  n: number;
}

/**
 * Lock duration the suite consumes with, ms. Backends whose lock is set on the queue rather
 * than by the consumer (Service Bus) must create their test queue with it.
 */
export const CONFORMANCE_LOCK_MS = 1_000;

export interface JobQueueHarness {
  /** A handle on a fresh, empty queue. */
  queue: JobQueue<ConformancePayload>;
  /** Another handle on the same queue with its own connections, as a second process has. */
  openPeer(): Promise<JobQueue<ConformancePayload>>;
  /**
   * Makes the process behind `consumer` die: it stops renewing locks and settling jobs, and
   * releases nothing, so its jobs come back only when their locks expire.
   */
  crash(consumer: Consumer): Promise<void>;
  /** Takes the lock of the delivered job `jobId` away, as when renewals failed for a whole lock period. */
  loseLock(jobId: string): Promise<void>;
  /** What the backend can tell (see each adapter's docs). */
  capabilities: {
    /** `enqueue` reports a known id as `{ enqueued: false }` (Service Bus cannot tell). */
    reportsDuplicates: boolean;
    /** `depth().failed` counts retries waiting for their backoff. */
    countsRetrying: boolean;
  };
  /** Closes every handle and removes the queue's data. */
  cleanup(): Promise<void>;
}

/** What the suite's test groups share: the current harness and helpers bound to it. */
export interface ConformanceContext {
  /** The harness of the running test. */
  readonly h: JobQueueHarness;
  /** Starts a consumer (lockMs CONFORMANCE_LOCK_MS, maxAttempts 3, backoffMs 50 unless given). */
  consume(
    queue: JobQueue<ConformancePayload>,
    handler: JobHandler<ConformancePayload>,
    options?: ConsumeOptions,
  ): Consumer;
  enqueue(id: string, n?: number, delayMs?: number): Promise<{ enqueued: boolean }>;
  /** With concurrency 1 and FIFO order, once this job is delivered everything before it was. */
  drainBehind(seen: Recorder, id: string): Promise<void>;
}

export interface Delivery {
  id: string;
  n: number;
  attempt: number;
  /** performance.now() at delivery. */
  at: number;
}

export interface Recorder {
  deliveries: Delivery[];
  handler: JobHandler<ConformancePayload>;
  of(id: string): Delivery[];
}

/** Records every delivery; `then` decides what the handler does after recording. */
export function recorder(then: JobHandler<ConformancePayload> = async () => {}): Recorder {
  const deliveries: Delivery[] = [];
  const handler: JobHandler<ConformancePayload> = (job, signal) => {
    deliveries.push({ id: job.id, n: job.payload.n, attempt: job.attempt, at: performance.now() });
    return then(job, signal);
  };
  const of = (id: string) => deliveries.filter((delivery) => delivery.id === id);
  return { deliveries, handler, of };
}

/** Polls `probe` every 20 ms until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await sleep(20);
  }
}

/** Polls `queue.depth()` until it equals `expected`; fails with the last depth seen. */
export async function waitForDepth(
  queue: JobQueue<ConformancePayload>,
  expected: QueueDepth,
  timeoutMs = 10_000,
): Promise<void> {
  let last: QueueDepth | undefined;
  try {
    await waitFor(
      `depth ${JSON.stringify(expected)}`,
      async () => {
        last = await queue.depth();
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last depth ${JSON.stringify(last)}`);
  }
}

export const EMPTY: QueueDepth = {
  waiting: 0,
  prioritized: 0,
  delayed: 0,
  active: 0,
  failed: 0,
  deadLettered: 0,
};

/** Every dead letter, page by page (`limit` per page), in listing order. */
export async function allDeadLetters<T>(queue: JobQueue<T>, limit = 100): Promise<DeadLetter<T>[]> {
  const letters: DeadLetter<T>[] = [];
  let continuation: string | undefined;
  do {
    const page = await queue.deadLetters({ limit, ...(continuation ? { continuation } : {}) });
    letters.push(...page.letters);
    continuation = page.continuation;
  } while (continuation !== undefined);
  return letters;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `signal` aborts (a handler that runs until its lock is lost or it is closed). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** A latch handlers wait on until the test opens it. */
export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
