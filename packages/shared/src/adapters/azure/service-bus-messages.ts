/**
 * The wire format of a job on Service Bus. The body is the payload; application properties
 * carry the job id, which copy of the job the message is, and the attempt that copy starts at:
 *
 *   enqueue          messageId `<id>`         copy 0, attempt 1
 *   k-th retry       messageId `<id>#<k>`     copy k, attempt = the failed attempt + 1
 *   r-th replay      messageId `<id>#r<r>`    copy 0, attempt 1, replay r
 *   its k-th retry   messageId `<id>#r<r>.<k>`
 *
 * The attempt of a delivery is the copy's attempt plus the message's deliveryCount (lock
 * expiries and abandons of that copy), minus the hand-backs of a draining consumer, which are
 * abandons that cost no attempt (`handBackProperties`). Every message id is new within a job's life, so
 * duplicate detection never drops a retry or a replay (a replay's retries would otherwise
 * reuse the ids of the first life's retries inside the detection window).
 */

import type { DeadLetter, NewJob } from '../../ports/job-queue.js';
import { type ConsumePolicy, retryDelayMs } from '../job-queue-policy.js';
import {
  type OutgoingMessage,
  PROPS,
  type PropertyValue,
  type ReceivedMessage,
} from './service-bus-types.js';

export interface JobMessage<T> {
  id: string;
  payload: T;
  copy: number;
  /** Attempt number of this copy's first delivery. */
  attempt: number;
  /** Replays from the dead letters so far. */
  replay: number;
}

export function jobMessage<T>(job: NewJob<T>): OutgoingMessage {
  return message(job.id, job.payload, 0, 1, 0);
}

/** The message that puts a dead-lettered job back: attempts start again at 1. */
export function replayMessage(dead: ReceivedMessage): OutgoingMessage {
  const job = decodeJob(dead);
  const id = job?.id ?? String(dead.messageId ?? '');
  return message(id, dead.body, 0, 1, (job?.replay ?? 0) + 1);
}

/** The job a received message carries; undefined when it is not one of ours. */
export function decodeJob<T>(received: ReceivedMessage): JobMessage<T> | undefined {
  const props = received.applicationProperties ?? {};
  const id = props[PROPS.jobId];
  if (typeof id !== 'string') return undefined;
  return {
    id,
    payload: received.body as T,
    copy: int(props[PROPS.copy]) ?? 0,
    attempt: int(props[PROPS.attempt]) ?? 1,
    replay: int(props[PROPS.replay]) ?? 0,
  };
}

/** The attempt this delivery of `job` is: see the module's comment. */
export function deliveryAttempt<T>(job: JobMessage<T>, received: ReceivedMessage): number {
  return job.attempt + (received.deliveryCount ?? 0) - handBacksOf(received);
}

/** The abandon's properties that hand a copy back without spending an attempt. */
export function handBackProperties(received: ReceivedMessage): Record<string, PropertyValue> {
  return { [PROPS.handBacks]: handBacksOf(received) + 1 };
}

const handBacksOf = (received: ReceivedMessage) =>
  int(received.applicationProperties?.[PROPS.handBacks]) ?? 0;

/** The next copy of `job` after failed attempt `attempt`, and when it is due. */
export function retryCopy<T>(
  job: JobMessage<T>,
  received: ReceivedMessage,
  attempt: number,
  policy: Pick<ConsumePolicy, 'backoffMs' | 'maxBackoffMs'>,
): { copy: OutgoingMessage; at: Date } {
  return {
    copy: message(job.id, received.body, job.copy + 1, attempt + 1, job.replay),
    at: new Date(Date.now() + retryDelayMs(attempt, policy)),
  };
}

/** Service Bus limits the size of system properties; reasons are error messages, usually short. */
const MAX_REASON = 1_000;

/** How the adapter dead-letters: the reason, and `attempts`/`deadLetteredAt` stamped on it. */
export function deadLetterOptions(reason: string, attempts: number) {
  return {
    deadLetterReason: reason.slice(0, MAX_REASON),
    deadLetterErrorDescription: `dead-lettered by the fleetscore job queue after ${attempts} attempt(s)`,
    [PROPS.attempts]: attempts,
    [PROPS.deadLetteredAt]: Date.now(),
  };
}

/**
 * A message of the dead-letter sub-queue as a dead letter. The adapter stamps `attempts` and
 * `deadLetteredAt` when it dead-letters; for a message the service moved itself
 * (MaxDeliveryCountExceeded) they are estimated from deliveryCount and the enqueue time.
 */
export function deadLetterOf<T>(received: ReceivedMessage): DeadLetter<T> {
  const props = received.applicationProperties ?? {};
  const job = decodeJob<T>(received);
  const deadLetteredAt = int(props[PROPS.deadLetteredAt]);
  return {
    id: job?.id ?? String(received.messageId ?? ''),
    payload: received.body as T,
    reason: received.deadLetterReason ?? 'unknown',
    attempts:
      int(props[PROPS.attempts]) ??
      (job?.attempt ?? 1) + Math.max((received.deliveryCount ?? 1) - 1, 0),
    deadLetteredAt: new Date(deadLetteredAt ?? received.enqueuedTimeUtc?.getTime() ?? 0),
  };
}

function message(
  id: string,
  body: unknown,
  copy: number,
  attempt: number,
  replay: number,
): OutgoingMessage {
  const life = replay === 0 ? id : `${id}#r${replay}`;
  const suffix = copy === 0 ? '' : replay === 0 ? `#${copy}` : `.${copy}`;
  return {
    messageId: `${life}${suffix}`,
    body,
    contentType: 'application/json',
    applicationProperties: {
      [PROPS.jobId]: id,
      [PROPS.copy]: copy,
      [PROPS.attempt]: attempt,
      ...(replay > 0 && { [PROPS.replay]: replay }),
    },
  };
}

function int(value: PropertyValue | undefined): number | undefined {
  const number = value instanceof Date ? value.getTime() : Number(value);
  return value !== null && value !== undefined && Number.isFinite(number) ? number : undefined;
}
