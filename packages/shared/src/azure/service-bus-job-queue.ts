/**
 * JobQueue on an Azure Service Bus queue (peek-lock). The queue must be created with duplicate
 * detection on, a duplicate-detection window at least as long as ids may be re-enqueued
 * (default 10 minutes, up to 7 days), a LockDuration of the consumers' lockMs, and a
 * maxDeliveryCount above the consumers' maxAttempts (the backstop for lost locks).
 *
 * - Idempotent enqueue: the job id is the message id, and duplicate detection drops a second
 *   message with it inside the window. The service accepts the duplicate without saying so:
 *   `enqueue` resolves `{ enqueued: true }` for every accepted send ("accepted, or dropped as a
 *   duplicate"). Past the window the same id is delivered again; handlers are idempotent
 *   for this reason (and for at-least-once delivery anyway).
 * - Attempts: the adapter counts them itself (copy attempt + deliveryCount, see
 *   service-bus-messages.ts) and dead-letters when a failure is on attempt ≥ maxAttempts, or
 *   when a message arrives past maxAttempts because its last attempt lost its lock.
 * - Retry with backoff: Service Bus has no delayed abandon, so a failure schedules the next copy
 *   of the job (a new message id `<id>#<k>`) at now + backoff and completes the current one.
 * - Replay: the dead letter is received from the sub-queue, sent back as a new message
 *   (`<id>#r<r>`, attempts from 1) and completed (service-bus-replay.ts).
 */

import type { TokenCredential } from '@azure/identity';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { FleetscoreError } from '../errors.js';
import { assertJobId, consumePolicy } from '../job-queue-policy.js';
import type {
  ConsumeOptions,
  DeadLetter,
  JobHandler,
  JobQueue,
  NewJob,
  QueueDepth,
} from '../ports/job-queue.js';
import type { MessagingTarget } from '../ports/messaging.js';
import { ServiceBusConsumer } from './service-bus-consumer.js';
import { translateServiceBusError } from './service-bus-errors.js';
import { deadLetterOf, jobMessage } from './service-bus-messages.js';
import { replayFromDeadLetters } from './service-bus-replay.js';
import type {
  ReceiverLike,
  SenderLike,
  ServiceBusAdministrationLike,
  ServiceBusClientLike,
} from './service-bus-types.js';

export interface ServiceBusJobQueueOptions {
  client: ServiceBusClientLike;
  queueName: string;
  /** Needed by depth() only (it requires the Manage right). Default: none, depth() rejects. */
  administration?: ServiceBusAdministrationLike;
  /** Close `client` in close() (true when this adapter's factory made it). Default false. */
  ownsClient?: boolean;
  /** Background errors (failed renewals and settlements, receive errors). Default: ignored. */
  onError?: (error: unknown) => void;
}

/** Messages read per peek when listing dead letters. */
const PEEK_PAGE = 250;

export class ServiceBusJobQueue<T> implements JobQueue<T> {
  readonly #options: ServiceBusJobQueueOptions;
  readonly messaging: MessagingTarget;
  readonly #consumers = new Set<ServiceBusConsumer<T>>();
  #sender: SenderLike | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: ServiceBusJobQueueOptions) {
    this.#options = options;
    this.messaging = { system: 'servicebus', destination: options.queueName };
  }

  /** Always `{ enqueued: true }` once the service accepted the message (see the module comment). */
  async enqueue(
    job: NewJob<T>,
    options?: { signal?: AbortSignal },
  ): Promise<{ enqueued: boolean }> {
    assertJobId(job.id);
    const message = jobMessage(job);
    const abortSignal = options?.signal;
    try {
      if (job.delayMs && job.delayMs > 0) {
        await this.#getSender().scheduleMessages(message, new Date(Date.now() + job.delayMs), {
          abortSignal,
        });
      } else {
        await this.#getSender().sendMessages(message, { abortSignal });
      }
    } catch (error) {
      throw translateServiceBusError(error);
    }
    return { enqueued: true };
  }

  /**
   * The lock's length is the queue's LockDuration; `lockMs` is assumed only for a message that
   * carries no lock expiry. Renewal runs at half the remaining lock time.
   */
  consume(handler: JobHandler<T>, options?: ConsumeOptions): ServiceBusConsumer<T> {
    const consumer = new ServiceBusConsumer<T>({
      client: this.#options.client,
      queueName: this.#options.queueName,
      sender: () => this.#getSender(),
      handler,
      policy: consumePolicy(options),
      onError: this.#onError,
    });
    this.#consumers.add(consumer);
    return consumer;
  }

  /**
   * From the queue's runtime properties, which Service Bus updates with a lag of seconds:
   * `waiting` = active messages minus those this instance's consumers hold locked (Service Bus
   * counts locked messages as active; other processes' locked messages stay in `waiting`);
   * `active` = messages this instance's consumers hold; `delayed` = scheduled messages, retries
   * included; `failed` = 0 (a retry is a scheduled message like any delayed job);
   * `deadLettered` = the dead-letter sub-queue.
   */
  async depth(): Promise<QueueDepth> {
    const { administration, queueName } = this.#options;
    if (!administration) {
      throw new FleetscoreError(
        'CONFIG_INVALID',
        'depth() needs a Service Bus administration client',
      );
    }
    let properties: Awaited<ReturnType<ServiceBusAdministrationLike['getQueueRuntimeProperties']>>;
    try {
      properties = await administration.getQueueRuntimeProperties(queueName);
    } catch (error) {
      throw translateServiceBusError(error);
    }
    let held = 0;
    for (const consumer of this.#consumers) held += consumer.held;
    return {
      waiting: Math.max(properties.activeMessageCount - held, 0),
      prioritized: 0,
      delayed: properties.scheduledMessageCount,
      active: held,
      failed: 0,
      deadLettered: properties.deadLetterMessageCount,
    };
  }

  /**
   * Sends the dead letter's job back as a new message (attempt 1, a fresh message id so
   * duplicate detection lets it and its retries through) and completes the dead letter; see
   * service-bus-replay.ts.
   */
  async replayDeadLetter(id: string, options?: { signal?: AbortSignal }): Promise<boolean> {
    const receiver = this.#deadLetterReceiver();
    try {
      return await replayFromDeadLetters(receiver, this.#getSender(), id, options?.signal);
    } catch (error) {
      throw translateServiceBusError(error);
    } finally {
      await receiver.close().catch(this.#onError);
    }
  }

  /** Peeks the whole dead-letter sub-queue (O(dead letters)), newest first. Default limit 100. */
  async deadLetters(options: { limit?: number } = {}): Promise<DeadLetter<T>[]> {
    const limit = options.limit ?? 100;
    if (limit <= 0) return [];
    const receiver = this.#deadLetterReceiver();
    try {
      const letters: DeadLetter<T>[] = [];
      for (;;) {
        const page = await receiver.peekMessages(PEEK_PAGE);
        if (page.length === 0) break;
        letters.push(...page.map((message) => deadLetterOf<T>(message)));
      }
      letters.sort((a, b) => b.deadLetteredAt.getTime() - a.deadLetteredAt.getTime());
      return letters.slice(0, limit);
    } catch (error) {
      throw translateServiceBusError(error);
    } finally {
      await receiver.close().catch(this.#onError);
    }
  }

  /** Closes consumers still open (default drain deadline), the sender, and an owned client. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await Promise.all([...this.#consumers].map((consumer) => consumer.close()));
      await this.#sender?.close().catch(this.#onError);
      if (this.#options.ownsClient) await this.#options.client.close();
    })();
    return this.#closed;
  }

  readonly #onError = (error: unknown) => this.#options.onError?.(error);

  /** The SDK's lock renewal is off: replay holds its locks for moments only. */
  #deadLetterReceiver(): ReceiverLike {
    return this.#options.client.createReceiver(this.#options.queueName, {
      receiveMode: 'peekLock',
      subQueueType: 'deadLetter',
      maxAutoLockRenewalDurationInMs: 0,
    });
  }

  #getSender(): SenderLike {
    this.#sender ??= this.#options.client.createSender(this.#options.queueName);
    return this.#sender;
  }
}

export type ServiceBusConnection =
  | { connectionString: string }
  | { fullyQualifiedNamespace: string; credential: TokenCredential };

/** Builds the adapter on a new ServiceBusClient (closed with the queue) and administration client. */
export function createServiceBusJobQueue<T>(
  options: ServiceBusConnection & { queueName: string; onError?: (error: unknown) => void },
): ServiceBusJobQueue<T> {
  const [client, administration] =
    'connectionString' in options
      ? [
          new ServiceBusClient(options.connectionString),
          new ServiceBusAdministrationClient(options.connectionString),
        ]
      : [
          new ServiceBusClient(options.fullyQualifiedNamespace, options.credential),
          new ServiceBusAdministrationClient(options.fullyQualifiedNamespace, options.credential),
        ];
  return new ServiceBusJobQueue<T>({
    client,
    administration,
    queueName: options.queueName,
    ownsClient: true,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
