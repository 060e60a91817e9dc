/**
 * An in-memory Service Bus namespace with exactly the client surface the JobQueue adapter uses
 * (azure/service-bus-types.ts), for unit tests where no real namespace is reachable. The queue
 * rules live in fake-service-bus-entity.ts; this file is the SDK-shaped shell around them.
 */
import { ServiceBusError } from '@azure/service-bus';
import type {
  OutgoingMessage,
  ReceiverOptions,
  SenderLike,
  ServiceBusAdministrationLike,
  ServiceBusClientLike,
} from '../azure/service-bus-types.js';
import {
  type FakeQueueOptions,
  type FakeReceivedMessage,
  FakeServiceBusEntity,
} from './fake-service-bus-entity.js';
import { abortError, FakeServiceBusReceiver } from './fake-service-bus-receiver.js';

export type { FakeQueueOptions, FakeReceivedMessage };
export { FakeServiceBusEntity, FakeServiceBusReceiver };

export class FakeServiceBusNamespace {
  readonly #queues = new Map<string, FakeServiceBusEntity>();

  createQueue(name: string, options?: FakeQueueOptions): FakeServiceBusEntity {
    const entity = new FakeServiceBusEntity(options);
    this.#queues.set(name, entity);
    return entity;
  }

  /** The queue, or its dead-letter sub-queue; MessagingEntityNotFound when there is none. */
  entity(name: string, subQueue?: 'deadLetter'): FakeServiceBusEntity {
    const queue = this.#queues.get(name);
    if (!queue) {
      throw new ServiceBusError(
        `The messaging entity '${name}' could not be found.`,
        'MessagingEntityNotFound',
      );
    }
    return subQueue === 'deadLetter' ? queue.deadLetterQueue! : queue;
  }

  /** A new client (one AMQP connection's worth of senders and receivers). */
  client(): FakeServiceBusClient {
    return new FakeServiceBusClient(this);
  }

  administration(): ServiceBusAdministrationLike {
    return {
      getQueueRuntimeProperties: async (name) => {
        const queue = this.entity(name);
        const { active, scheduled } = queue.counts();
        const deadLetter = queue.deadLetterQueue!.counts().active;
        return {
          name,
          activeMessageCount: active,
          scheduledMessageCount: scheduled,
          deadLetterMessageCount: deadLetter,
          totalMessageCount: active + scheduled + deadLetter,
        };
      },
    };
  }
}

export class FakeServiceBusClient implements ServiceBusClientLike {
  readonly #namespace: FakeServiceBusNamespace;
  readonly #links = new Set<{ close(): Promise<void> }>();

  constructor(namespace: FakeServiceBusNamespace) {
    this.#namespace = namespace;
  }

  createSender(queueName: string): FakeServiceBusSender {
    const sender = new FakeServiceBusSender(() => this.#namespace.entity(queueName));
    this.#links.add(sender);
    return sender;
  }

  createReceiver(queueName: string, options: ReceiverOptions = {}): FakeServiceBusReceiver {
    if ((options.receiveMode ?? 'peekLock') !== 'peekLock')
      throw new Error('the fake supports peekLock only');
    const receiver = new FakeServiceBusReceiver(() =>
      this.#namespace.entity(queueName, options.subQueueType),
    );
    this.#links.add(receiver);
    return receiver;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#links].map((link) => link.close()));
  }
}

export class FakeServiceBusSender implements SenderLike {
  readonly #entity: () => FakeServiceBusEntity;
  #closed = false;

  constructor(entity: () => FakeServiceBusEntity) {
    this.#entity = entity;
  }

  async sendMessages(
    messages: OutgoingMessage | OutgoingMessage[],
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<void> {
    this.#check(options.abortSignal);
    for (const message of [messages].flat()) {
      this.#entity().send(
        message,
        (message as { scheduledEnqueueTimeUtc?: Date }).scheduledEnqueueTimeUtc,
      );
    }
  }

  /** Resolves to sequence numbers (0 for a message dropped as a duplicate). */
  async scheduleMessages(
    messages: OutgoingMessage | OutgoingMessage[],
    scheduledEnqueueTimeUtc: Date,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<number[]> {
    this.#check(options.abortSignal);
    return [messages]
      .flat()
      .map((message) => this.#entity().send(message, scheduledEnqueueTimeUtc) ?? 0);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(signal: AbortSignal | undefined): void {
    if (this.#closed) throw new Error('The sender has been closed and can no longer be used.');
    if (signal?.aborted) throw abortError();
  }
}
