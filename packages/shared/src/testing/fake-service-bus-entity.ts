/**
 * The state of one fake Service Bus queue (or its dead-letter sub-queue), with the service's
 * rules the JobQueue suite depends on: peek-lock with a lock duration, lock expiry → the message
 * is available again with deliveryCount + 1, maxDeliveryCount → the dead-letter sub-queue with
 * reason MaxDeliveryCountExceeded, scheduled messages, and duplicate detection by message id
 * within a window. Time is the wall clock; expiry is applied lazily by every operation.
 */

import { randomUUID } from 'node:crypto';
import { ServiceBusError } from '@azure/service-bus';
import type {
  OutgoingMessage,
  PropertyValue,
  ReceivedMessage,
} from '../adapters/azure/service-bus-types.js';
import { type DeathPoint, InjectedDeath } from './fake-service-bus-deaths.js';

export interface FakeQueueOptions {
  /** Lock duration, ms. Default 60,000 (the service's default, 1 minute). */
  lockDurationMs?: number;
  /** Deliveries before the service dead-letters a message. Default 10 (the service's default). */
  maxDeliveryCount?: number;
  /** Duplicate-detection history window, ms; 0 turns detection off. Default 600,000 (10 minutes). */
  duplicateDetectionWindowMs?: number;
}

/** A received or peeked message; the SDK's sequenceNumber is a Long, here a number. */
export interface FakeReceivedMessage extends ReceivedMessage {
  readonly sequenceNumber: number;
  readonly state: 'active' | 'scheduled';
}

interface Stored {
  sequenceNumber: number;
  message: OutgoingMessage;
  properties: Record<string, PropertyValue>;
  enqueuedAt: number;
  availableAt: number;
  /** How many times the message has been locked (delivered). */
  deliveries: number;
  lock?: { token: string; until: number; receiverId: number };
  deadLetter?: { reason: string; description: string };
}

export const lockLost = () =>
  new ServiceBusError(
    'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.',
    'MessageLockLost',
  );

export class FakeServiceBusEntity {
  readonly lockDurationMs: number;
  readonly maxDeliveryCount: number;
  readonly duplicateDetectionWindowMs: number;
  /** The dead-letter sub-queue (absent on a sub-queue itself). */
  readonly deadLetterQueue: FakeServiceBusEntity | undefined;
  readonly #messages = new Map<number, Stored>();
  readonly #seenIds = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  readonly #deaths: { point: DeathPoint; matches: (message: ReceivedMessage) => boolean }[] = [];
  #sequence: { next: number };

  constructor(options: FakeQueueOptions = {}, subQueue?: { sequence: { next: number } }) {
    this.lockDurationMs = options.lockDurationMs ?? 60_000;
    this.maxDeliveryCount = subQueue ? Number.POSITIVE_INFINITY : (options.maxDeliveryCount ?? 10);
    this.duplicateDetectionWindowMs = subQueue
      ? 0
      : (options.duplicateDetectionWindowMs ?? 600_000);
    this.#sequence = subQueue?.sequence ?? { next: 1 };
    this.deadLetterQueue = subQueue
      ? undefined
      : new FakeServiceBusEntity({}, { sequence: this.#sequence });
  }

  /**
   * The next `point` of a message `matches` selects fails as if the process died there (see
   * DeathPoint): for a crash between scheduling a retry copy and completing the original.
   */
  dieAt(point: DeathPoint, matches: (message: ReceivedMessage) => boolean): void {
    this.#deaths.push({ point, matches });
  }

  /** Accepts a message (now, or at `scheduledAt`); undefined when dropped as a duplicate. */
  send(message: OutgoingMessage, scheduledAt?: Date): number | undefined {
    const outgoing = { ...message, applicationProperties: message.applicationProperties ?? {} };
    this.#strike('send', outgoing);
    const sequenceNumber = this.#accept(message, scheduledAt);
    this.#strike('sent', outgoing);
    return sequenceNumber;
  }

  #accept(message: OutgoingMessage, scheduledAt?: Date): number | undefined {
    const now = Date.now();
    const id = message.messageId;
    if (this.duplicateDetectionWindowMs > 0 && id !== undefined) {
      const seenUntil = this.#seenIds.get(String(id));
      if (seenUntil !== undefined && seenUntil > now) return undefined;
      this.#seenIds.set(String(id), now + this.duplicateDetectionWindowMs);
    }
    const sequenceNumber = this.#sequence.next++;
    this.#messages.set(sequenceNumber, {
      sequenceNumber,
      message: structuredClone(message),
      properties: structuredClone(message.applicationProperties ?? {}),
      enqueuedAt: now,
      availableAt: Math.max(scheduledAt?.getTime() ?? now, now),
      deliveries: 0,
    });
    this.#notify();
    return sequenceNumber;
  }

  /** Locks up to `max` available messages, oldest first, for `receiverId`. */
  lockNext(max: number, receiverId: number): FakeReceivedMessage[] {
    const now = this.#sweep();
    const locked: FakeReceivedMessage[] = [];
    for (const stored of this.#ordered()) {
      if (locked.length >= max) break;
      if (stored.lock || stored.availableAt > now) continue;
      stored.deliveries += 1;
      stored.lock = { token: randomUUID(), until: now + this.lockDurationMs, receiverId };
      locked.push(this.#snapshot(stored, now));
    }
    return locked;
  }

  /** Up to `max` messages after sequence number `after` (scheduled ones included), unlocked. */
  peek(after: number, max: number): FakeReceivedMessage[] {
    const now = this.#sweep();
    return this.#ordered()
      .filter((stored) => stored.sequenceNumber > after)
      .slice(0, max)
      .map((stored) => this.#snapshot(stored, now, false));
  }

  /** Settles the message locked with `lockToken` by `receiverId`; MessageLockLost otherwise. */
  settle(
    receiverId: number,
    lockToken: string | undefined,
    outcome:
      | { kind: 'complete' }
      | { kind: 'abandon'; properties?: Record<string, PropertyValue> }
      | { kind: 'renew' }
      | {
          kind: 'deadLetter';
          reason: string;
          description: string;
          properties: Record<string, PropertyValue>;
        },
  ): Date | undefined {
    const now = this.#sweep();
    const stored = [...this.#messages.values()].find(
      (candidate) =>
        candidate.lock?.token === lockToken && candidate.lock?.receiverId === receiverId,
    );
    if (!stored?.lock) throw lockLost();
    if (outcome.kind !== 'renew') this.#strike(outcome.kind, this.#snapshot(stored, now, false));
    switch (outcome.kind) {
      case 'renew':
        stored.lock.until = now + this.lockDurationMs;
        return new Date(stored.lock.until);
      case 'complete':
        this.#messages.delete(stored.sequenceNumber);
        break;
      case 'abandon':
        // The service merges the abandon's propertiesToModify into the message.
        Object.assign(stored.properties, outcome.properties);
        this.#release(stored);
        break;
      case 'deadLetter':
        Object.assign(stored.properties, outcome.properties);
        this.#moveToDeadLetter(stored, outcome.reason, outcome.description);
        break;
    }
    this.#notify();
    return undefined;
  }

  /** Ends the lock on every locked message `matches` selects, as if it had expired now. */
  expireLocks(matches: (message: ReceivedMessage) => boolean): number {
    const now = this.#sweep();
    const hits = [...this.#messages.values()].filter(
      (stored) => stored.lock && matches(this.#snapshot(stored, now, false)),
    );
    for (const stored of hits) this.#release(stored);
    this.#notify();
    return hits.length;
  }

  /** The counts the administration client reports (locked messages count as active). */
  counts(): { active: number; scheduled: number } {
    const now = this.#sweep();
    let active = 0;
    for (const stored of this.#messages.values()) if (stored.availableAt <= now) active += 1;
    return { active, scheduled: this.#messages.size - active };
  }

  /** Resolves on the next change, at the next lock expiry or schedule, after `ms`, or on abort. */
  changed(ms: number, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    let due = now + ms;
    // Whatever falls due — even one due already, between the caller's look and now — wakes it.
    for (const stored of this.#messages.values()) {
      const at = stored.lock ? stored.lock.until : stored.availableAt;
      due = Math.min(due, Math.max(at, now));
    }
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(due - now, 1));
      this.#waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  /** Takes a message moved here from its queue (the dead-letter sub-queue's intake). */
  adopt(stored: Stored): void {
    this.#messages.set(stored.sequenceNumber, stored);
    this.#notify();
  }

  /** Throws the first injected death at `point` that selects `message` (once). */
  #strike(point: DeathPoint, message: ReceivedMessage): void {
    const index = this.#deaths.findIndex((d) => d.point === point && d.matches(message));
    if (index < 0) return;
    this.#deaths.splice(index, 1);
    throw new InjectedDeath(point);
  }

  /** Applies lock expiries that are due; returns now. */
  #sweep(): number {
    const now = Date.now();
    for (const stored of this.#messages.values()) {
      if (stored.lock && stored.lock.until <= now) this.#release(stored);
    }
    return now;
  }

  /** Unlocks after an abandon or expiry; the last allowed delivery goes to the dead letters. */
  #release(stored: Stored): void {
    stored.lock = undefined;
    if (stored.deliveries >= this.maxDeliveryCount) {
      this.#moveToDeadLetter(
        stored,
        'MaxDeliveryCountExceeded',
        `Message could not be consumed after ${this.maxDeliveryCount} delivery attempts.`,
      );
    }
  }

  #moveToDeadLetter(stored: Stored, reason: string, description: string): void {
    this.#messages.delete(stored.sequenceNumber);
    stored.lock = undefined;
    stored.deadLetter = { reason, description };
    this.deadLetterQueue?.adopt(stored);
  }

  #ordered(): Stored[] {
    return [...this.#messages.values()].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  }

  #snapshot(stored: Stored, now: number, withLock = true): FakeReceivedMessage {
    const { message } = stored;
    return {
      messageId: message.messageId,
      body: structuredClone(message.body),
      contentType: message.contentType,
      applicationProperties: structuredClone(stored.properties),
      // Zero-based, as the JS SDK reports it: deliveries before this one.
      deliveryCount: Math.max(stored.deliveries - (withLock ? 1 : 0), 0),
      lockToken: withLock ? stored.lock?.token : undefined,
      lockedUntilUtc: withLock && stored.lock ? new Date(stored.lock.until) : undefined,
      enqueuedTimeUtc: new Date(stored.enqueuedAt),
      sequenceNumber: stored.sequenceNumber,
      state: stored.availableAt > now ? 'scheduled' : 'active',
      deadLetterReason: stored.deadLetter?.reason,
      deadLetterErrorDescription: stored.deadLetter?.description,
    };
  }

  #notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
