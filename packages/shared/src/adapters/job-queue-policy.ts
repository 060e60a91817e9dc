/**
 * The retry policy every JobQueue adapter shares, so that BullMQ and Service Bus count attempts,
 * back off and name dead letters the same way (the conformance suite holds them to it).
 */
import type { ConsumeOptions } from '../ports/job-queue.js';
import { backoffMs } from '../runtime/backoff.js';

/** ConsumeOptions with every default filled in (defaults as documented on the port). */
export type ConsumePolicy = Required<ConsumeOptions>;

/** How long `Consumer.close()` waits for running handlers when no deadline is given, ms. */
export const DEFAULT_DRAIN_DEADLINE_MS = 20_000;

/** At most this share of a backoff delay is taken off at random, so retries do not align. */
const JITTER = 0.1;

/** Fills in the port's defaults and rejects values no backend could honour. */
export function consumePolicy(options: ConsumeOptions = {}): ConsumePolicy {
  const policy: ConsumePolicy = {
    concurrency: options.concurrency ?? 1,
    lockMs: options.lockMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 5,
    backoffMs: options.backoffMs ?? 1_000,
    maxBackoffMs: options.maxBackoffMs ?? 60_000,
  };
  for (const [name, value] of Object.entries(policy)) {
    const least = name === 'backoffMs' || name === 'maxBackoffMs' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) {
      throw new RangeError(`ConsumeOptions.${name} must be an integer ≥ ${least}, got ${value}`);
    }
  }
  return policy;
}

/**
 * Delay before the attempt after failed attempt `attempt` (1-based), ms: `backoffMs` doubled per
 * attempt, capped at `maxBackoffMs`, minus up to 10 % jitter (so the cap is a true cap).
 */
export function retryDelayMs(
  attempt: number,
  policy: Pick<ConsumePolicy, 'backoffMs' | 'maxBackoffMs'>,
  random: () => number = Math.random,
): number {
  const backoff = { baseMs: policy.backoffMs, maxMs: policy.maxBackoffMs, jitter: JITTER };
  return backoffMs(attempt, backoff, random);
}

/**
 * Job ids travel as BullMQ job ids and Service Bus message ids, so they must suit both: 1–100
 * characters, no `:` (BullMQ key separator), no `#` (the Service Bus adapter's retry-copy
 * separator), not all digits (BullMQ reserves integer ids for its own).
 */
export function assertJobId(id: string): void {
  if (id.length === 0 || id.length > 100 || /[:#]/.test(id) || /^\d+$/.test(id)) {
    throw new TypeError(
      `invalid job id ${JSON.stringify(id)}: use 1–100 characters without ':' or '#', not all digits`,
    );
  }
}

/** Why a job is dead-lettered without running: its lock was lost on its last allowed attempt. */
export function lockLostReason(maxAttempts: number): string {
  return `lock lost on the last of ${maxAttempts} attempts (the consumer crashed, stalled or was closed)`;
}
