/** The fake's peek-lock receiver: receive, peek, settle and renew against one entity. */
import { ServiceBusError } from '@azure/service-bus';
import type Long from 'long';
import type {
  PropertyValue,
  ReceivedMessage,
  ReceiverLike,
} from '../adapters/azure/service-bus-types.js';
import {
  type FakeReceivedMessage,
  type FakeServiceBusEntity,
  lockLost,
} from './fake-service-bus-entity.js';

/** Receivers are told apart by id: a lock can only be settled through the one that took it. */
let receiverIds = 0;

/** What a receiver shares with its client. */
export interface FakeReceiverLinks {
  entity: () => FakeServiceBusEntity;
  /** Throws as the service does when the client lacks the Listen right. */
  authorize: () => void;
  /**
   * The last sequence number peeked on this entity through the client: the SDK keeps one per
   * entity on the connection's management link, shared by every receiver of the client and
   * kept after a receiver closes. A peek without `fromSequenceNumber` continues after it.
   */
  peekCursor: { last: number };
  /** Most messages one peek returns, however many are asked (the service may return fewer). */
  maxPeekMessages: number;
}

export class FakeServiceBusReceiver implements ReceiverLike {
  readonly #links: FakeReceiverLinks;
  readonly #entity: () => FakeServiceBusEntity;
  readonly #id = ++receiverIds;
  #state: 'open' | 'closed' | 'crashed' = 'open';
  #receiving = false;

  constructor(links: FakeReceiverLinks) {
    this.#links = links;
    this.#entity = links.entity;
  }

  /** Returns as soon as a message is available, else after `maxWaitTimeInMs` (default 60,000). */
  async receiveMessages(
    maxMessageCount: number,
    options: { maxWaitTimeInMs?: number; abortSignal?: AbortSignal } = {},
  ): Promise<FakeReceivedMessage[]> {
    const { maxWaitTimeInMs = 60_000, abortSignal } = options;
    this.#checkOpen();
    this.#links.authorize();
    if (this.#receiving) throw new Error('The receiver is already receiving messages.');
    this.#receiving = true;
    try {
      const deadline = Date.now() + maxWaitTimeInMs;
      for (;;) {
        if (abortSignal?.aborted) throw abortError();
        this.#checkOpen();
        const messages = this.#entity().lockNext(maxMessageCount, this.#id);
        if (messages.length > 0 || Date.now() >= deadline) return messages;
        await this.#entity().changed(deadline - Date.now(), abortSignal);
      }
    } finally {
      this.#receiving = false;
    }
  }

  /** From `fromSequenceNumber` (inclusive), else after the client's cursor on this entity. */
  async peekMessages(
    maxMessageCount: number,
    options: { fromSequenceNumber?: Long | number; abortSignal?: AbortSignal } = {},
  ): Promise<FakeReceivedMessage[]> {
    this.#checkOpen();
    if (options.abortSignal?.aborted) throw abortError();
    this.#links.authorize();
    const { peekCursor } = this.#links;
    const from =
      options.fromSequenceNumber === undefined
        ? peekCursor.last + 1
        : Number(options.fromSequenceNumber.toString());
    const count = Math.min(maxMessageCount, this.#links.maxPeekMessages);
    const messages = this.#entity().peek(from - 1, count);
    peekCursor.last = messages.at(-1)?.sequenceNumber ?? peekCursor.last;
    return messages;
  }

  async completeMessage(message: ReceivedMessage): Promise<void> {
    this.#settle(message, { kind: 'complete' });
  }

  async abandonMessage(
    message: ReceivedMessage,
    propertiesToModify: Record<string, PropertyValue> = {},
  ): Promise<void> {
    this.#settle(message, { kind: 'abandon', properties: propertiesToModify });
  }

  async deadLetterMessage(
    message: ReceivedMessage,
    options: { deadLetterReason?: string; deadLetterErrorDescription?: string } & Record<
      string,
      PropertyValue | undefined
    > = {},
  ): Promise<void> {
    const { deadLetterReason = '', deadLetterErrorDescription = '', ...rest } = options;
    const properties = Object.fromEntries(
      Object.entries(rest).filter(
        (entry): entry is [string, PropertyValue] => entry[1] !== undefined,
      ),
    );
    this.#settle(message, {
      kind: 'deadLetter',
      reason: deadLetterReason,
      description: deadLetterErrorDescription,
      properties,
    });
  }

  async renewMessageLock(message: ReceivedMessage): Promise<Date> {
    const until = this.#settle(message, { kind: 'renew' })!;
    message.lockedUntilUtc = until;
    return until;
  }

  /** Closing leaves this receiver's locks to expire, as the service does. */
  async close(): Promise<void> {
    if (this.#state === 'open') this.#state = 'closed';
  }

  /**
   * Simulates the death of the process holding this receiver: nothing it holds is released;
   * its locks expire after the lock duration, and every later call fails as on a dead link.
   */
  crash(): void {
    this.#state = 'crashed';
  }

  #settle(message: ReceivedMessage, outcome: Parameters<FakeServiceBusEntity['settle']>[2]) {
    // On a dead link the SDK reports MessageLockLost for any settlement or renewal.
    if (this.#state === 'crashed') throw lockLost();
    this.#checkOpen();
    return this.#entity().settle(this.#id, message.lockToken, outcome);
  }

  #checkOpen(): void {
    if (this.#state === 'closed')
      throw new Error('The receiver has been closed and can no longer be used.');
    if (this.#state === 'crashed') {
      throw new ServiceBusError('The receiver link was detached.', 'ServiceCommunicationProblem');
    }
  }
}

export function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}
