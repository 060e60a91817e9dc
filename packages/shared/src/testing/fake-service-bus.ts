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
} from '../adapters/azure/service-bus-types.js';
import { type DeathPoint, InjectedDeath } from './fake-service-bus-deaths.js';
import {
  type FakeQueueOptions,
  type FakeReceivedMessage,
  FakeServiceBusEntity,
} from './fake-service-bus-entity.js';
import { abortError, FakeServiceBusReceiver } from './fake-service-bus-receiver.js';

export type { DeathPoint, FakeQueueOptions, FakeReceivedMessage };
export { FakeServiceBusEntity, FakeServiceBusReceiver, InjectedDeath };

/**
 * The claims a client holds (SAS policy rights; the RBAC roles map onto them: Data Owner =
 * all three, Data Sender = send, Data Receiver = listen). Manage includes the other two.
 */
export type FakeRight = 'manage' | 'send' | 'listen';
const ALL_RIGHTS: readonly FakeRight[] = ['manage', 'send', 'listen'];

export interface FakeClientOptions {
  /** Default: all (manage, send, listen). */
  rights?: readonly FakeRight[];
}

export interface FakeNamespaceOptions {
  /** Most messages one peek returns, however many are asked. Default: no limit. */
  maxPeekMessages?: number;
}

/**
 * What the data plane answers a client without the claim: the SDK's UnauthorizedAccess, not
 * retryable (the SDK's translation clears `retryable` for codes outside its retryable list).
 */
function unauthorizedAccess(claim: string): ServiceBusError {
  const error = new ServiceBusError(
    `Unauthorized access. '${claim}' claim(s) are required to perform this operation.`,
    'UnauthorizedAccess',
  );
  error.retryable = false;
  return error;
}

/**
 * What the administration client rejects with on a 401: the SDK's RestError, code
 * UnauthorizedRequestError (built by shape: @azure/core-rest-pipeline is not our dependency).
 */
function unauthorizedRequest(): Error {
  return Object.assign(new Error('Manage,EntityRead claims required for this operation.'), {
    name: 'RestError',
    code: 'UnauthorizedRequestError',
    statusCode: 401,
  });
}

function authorizer(rights: readonly FakeRight[], right: 'send' | 'listen') {
  const claim = right === 'send' ? 'Send' : 'Listen';
  return () => {
    if (!rights.includes(right) && !rights.includes('manage')) throw unauthorizedAccess(claim);
  };
}

export class FakeServiceBusNamespace {
  readonly #queues = new Map<string, FakeServiceBusEntity>();
  readonly maxPeekMessages: number;
  /** Management requests (runtime properties) made to this namespace, allowed or refused. */
  managementCalls = 0;

  constructor(options: FakeNamespaceOptions = {}) {
    this.maxPeekMessages = options.maxPeekMessages ?? Number.POSITIVE_INFINITY;
  }

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

  /** A new client (one AMQP connection's worth of senders and receivers) holding `rights`. */
  client(options: FakeClientOptions = {}): FakeServiceBusClient {
    return new FakeServiceBusClient(this, options.rights ?? ALL_RIGHTS);
  }

  /** An administration client; without the manage right every call is refused (401). */
  administration(options: FakeClientOptions = {}): ServiceBusAdministrationLike {
    const rights = options.rights ?? ALL_RIGHTS;
    return {
      getQueueRuntimeProperties: async (name) => {
        this.managementCalls += 1;
        if (!rights.includes('manage')) throw unauthorizedRequest();
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
  readonly #rights: readonly FakeRight[];
  readonly #links = new Set<{ close(): Promise<void> }>();
  /** One peek cursor per entity path, as the SDK's management links keep them. */
  readonly #peekCursors = new Map<string, { last: number }>();

  constructor(namespace: FakeServiceBusNamespace, rights: readonly FakeRight[]) {
    this.#namespace = namespace;
    this.#rights = rights;
  }

  createSender(queueName: string): FakeServiceBusSender {
    const sender = new FakeServiceBusSender(
      () => this.#namespace.entity(queueName),
      authorizer(this.#rights, 'send'),
    );
    this.#links.add(sender);
    return sender;
  }

  createReceiver(queueName: string, options: ReceiverOptions = {}): FakeServiceBusReceiver {
    if ((options.receiveMode ?? 'peekLock') !== 'peekLock')
      throw new Error('the fake supports peekLock only');
    const path = `${queueName}${options.subQueueType === 'deadLetter' ? '/$DeadLetterQueue' : ''}`;
    const peekCursor = this.#peekCursors.get(path) ?? { last: 0 };
    this.#peekCursors.set(path, peekCursor);
    const receiver = new FakeServiceBusReceiver({
      entity: () => this.#namespace.entity(queueName, options.subQueueType),
      authorize: authorizer(this.#rights, 'listen'),
      peekCursor,
      maxPeekMessages: this.#namespace.maxPeekMessages,
    });
    this.#links.add(receiver);
    return receiver;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#links].map((link) => link.close()));
  }
}

export class FakeServiceBusSender implements SenderLike {
  readonly #entity: () => FakeServiceBusEntity;
  readonly #authorize: () => void;
  #closed = false;

  constructor(entity: () => FakeServiceBusEntity, authorize: () => void = () => {}) {
    this.#entity = entity;
    this.#authorize = authorize;
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
    this.#authorize();
  }
}
