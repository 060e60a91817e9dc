/**
 * A Service Bus receiver the conformance harness can make die or lose a lock, on top of a real
 * receiver (the emulator) or the fake's. Nothing is faked about the broker: a crashed or
 * lock-lost message stays locked at the broker until its LockDuration lapses, then comes back
 * with its delivery count raised — what a dead process or failed renewals leave behind.
 */
import { ServiceBusError } from '@azure/service-bus';
import type {
  ReceivedMessage,
  ReceiverLike,
  ReceiverOptions,
  ServiceBusClientLike,
} from '../../adapters/azure/service-bus-types.js';

const lockLost = () =>
  new ServiceBusError('The lock supplied is invalid (test harness: lock lost).', 'MessageLockLost');

export class ControlledReceiver implements ReceiverLike {
  #crashed = false;
  /** Delivered and not yet settled, by lock token. */
  readonly #held = new Map<string, ReceivedMessage>();
  readonly #lost = new Set<string>();

  constructor(private readonly inner: ReceiverLike) {}

  /** The process dies: nothing is received, renewed or settled again; nothing is released. */
  crash(): void {
    this.#crashed = true;
  }

  /** Every held message of `jobId` loses its lock: renewals and settlements fail from now on. */
  loseLock(jobId: string): number {
    let lost = 0;
    for (const [token, message] of this.#held) {
      if (message.applicationProperties?.jobId !== jobId) continue;
      this.#lost.add(token);
      lost++;
    }
    return lost;
  }

  async receiveMessages(
    maxMessageCount: number,
    options?: { maxWaitTimeInMs?: number; abortSignal?: AbortSignal },
  ): Promise<ReceivedMessage[]> {
    if (this.#crashed) {
      throw new ServiceBusError('The receiver link was detached.', 'ServiceCommunicationProblem');
    }
    const messages = await this.inner.receiveMessages(maxMessageCount, options);
    for (const message of messages) {
      if (message.lockToken) this.#held.set(message.lockToken, message);
    }
    return messages;
  }

  /** Peeks pass through untouched, their start (`fromSequenceNumber`) included. */
  peekMessages(
    maxMessageCount: number,
    options?: Parameters<ReceiverLike['peekMessages']>[1],
  ): Promise<ReceivedMessage[]> {
    return this.inner.peekMessages(maxMessageCount, options);
  }

  completeMessage(message: ReceivedMessage): Promise<void> {
    return this.#settle(message, () => this.inner.completeMessage(message));
  }

  abandonMessage(
    message: ReceivedMessage,
    propertiesToModify?: Parameters<ReceiverLike['abandonMessage']>[1],
  ): Promise<void> {
    return this.#settle(message, () => this.inner.abandonMessage(message, propertiesToModify));
  }

  deadLetterMessage(
    message: ReceivedMessage,
    options?: Parameters<ReceiverLike['deadLetterMessage']>[1],
  ): Promise<void> {
    return this.#settle(message, () => this.inner.deadLetterMessage(message, options));
  }

  async renewMessageLock(message: ReceivedMessage): Promise<Date> {
    this.#guard(message);
    return this.inner.renewMessageLock(message);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async #settle(message: ReceivedMessage, settle: () => Promise<void>): Promise<void> {
    this.#guard(message);
    await settle();
    if (message.lockToken) this.#held.delete(message.lockToken);
  }

  #guard(message: ReceivedMessage): void {
    // On a dead link the SDK reports MessageLockLost for any settlement or renewal.
    if (this.#crashed || (message.lockToken && this.#lost.has(message.lockToken))) throw lockLost();
  }
}

/** A client whose receivers are all ControlledReceivers, listed for the harness. */
export function controlledClient(inner: ServiceBusClientLike): {
  client: ServiceBusClientLike;
  receivers: ControlledReceiver[];
} {
  const receivers: ControlledReceiver[] = [];
  const client: ServiceBusClientLike = {
    createSender: (queueName) => inner.createSender(queueName),
    createReceiver: (queueName: string, options?: ReceiverOptions) => {
      const receiver = new ControlledReceiver(inner.createReceiver(queueName, options));
      receivers.push(receiver);
      return receiver;
    },
    close: () => inner.close(),
  };
  return { client, receivers };
}
