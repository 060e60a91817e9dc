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
import Long from 'long';
import { z } from 'zod';
import { decodePageToken, encodePageToken } from '../../contracts/page-token.js';
import { FleetscoreError, NonRetryableError } from '../../errors.js';
import type {
  ConsumeOptions,
  DeadLetterListing,
  DeadLetterQuery,
  JobHandler,
  JobQueue,
  NewJob,
  QueueDepth,
} from '../../ports/job-queue.js';
import type { MessagingTarget } from '../../ports/messaging.js';
import { assertJobId, consumePolicy } from '../job-queue-policy.js';
import { positiveInt } from '../options.js';
import { ServiceBusConsumer } from './service-bus-consumer.js';
import { translateServiceBusError } from './service-bus-errors.js';
import { deadLetterOf, jobMessage } from './service-bus-messages.js';
import { peekFrom, sequenceOf } from './service-bus-peek.js';
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
  /**
   * Needed by depth() only (a management read: the Manage right, Data Owner). A consumer (the
   * scorer) is built without one and runs on Sender + Receiver. Default: none, depth() rejects.
   */
  administration?: ServiceBusAdministrationLike;
  /** Close `client` in close() (true when this adapter's factory made it). Default false. */
  ownsClient?: boolean;
  /** Background errors (failed renewals and settlements, receive errors). Default: ignored. */
  onError?: (error: unknown) => void;
}

export class ServiceBusJobQueue<T> implements JobQueue<T> {
  readonly #options: ServiceBusJobQueueOptions;
  readonly messaging: MessagingTarget;
  readonly #consumers = new Set<ServiceBusConsumer<T>>();
  #sender: SenderLike | undefined;
  #probeReceiver: ReceiverLike | undefined;
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
   * A peek of one message: a request on the queue's `$management` link that needs only the
   * Listen right (Receiver), unlike depth(). It locks nothing and reads at most one message.
   */
  async probe(options?: { signal?: AbortSignal }): Promise<void> {
    this.#probeReceiver ??= this.#options.client.createReceiver(this.#options.queueName, {
      receiveMode: 'peekLock',
      maxAutoLockRenewalDurationInMs: 0,
    });
    try {
      await this.#probeReceiver.peekMessages(1, {
        fromSequenceNumber: Long.ZERO,
        ...(options?.signal && { abortSignal: options.signal }),
      });
    } catch (error) {
      throw translateServiceBusError(error);
    }
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
        'depth() needs a Service Bus administration client (the Manage right); this queue was opened without one',
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

  /**
   * A page of the dead-letter sub-queue in sequence order: a peek from the sequence number the
   * continuation names (the one after the previous page's last), so each page costs O(limit),
   * not O(dead letters), and takes no lock. Peeks may return short batches; the page is filled
   * until the sub-queue has no more.
   */
  async deadLetters(options: DeadLetterQuery = {}): Promise<DeadLetterListing<T>> {
    const limit = positiveInt('limit', options.limit ?? 100);
    const from =
      options.continuation === undefined ? Long.ZERO : sequenceFromToken(options.continuation);
    const receiver = this.#deadLetterReceiver();
    try {
      // One more than the page: whether there is a next page.
      const messages = await peekFrom(receiver, from, limit + 1, options.signal);
      const page = messages.slice(0, limit);
      const letters = page.map((message) => deadLetterOf<T>(message));
      const last = page.at(-1);
      return messages.length > limit && last
        ? { letters, continuation: encodePageToken({ q: sequenceOf(last).add(1).toString() }) }
        : { letters };
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
      await this.#probeReceiver?.close().catch(this.#onError);
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

/** A dead-letter continuation: the next sequence number to peek, as decimal text (64-bit). */
const cursorSchema = z.object({ q: z.string().regex(/^\d{1,19}$/) });

function sequenceFromToken(token: string): Long {
  const { q } = decodePageToken(cursorSchema, token);
  const sequence = Long.fromString(q);
  // Past 2^63 − 1 the text would wrap around: not a position this adapter issued.
  if (sequence.toString() !== q.replace(/^0+(?=\d)/, '')) {
    throw new NonRetryableError('invalid continuation token');
  }
  return sequence;
}

export type ServiceBusConnection =
  | { connectionString: string }
  | { fullyQualifiedNamespace: string; credential: TokenCredential };

export interface CreateServiceBusJobQueueOptions {
  queueName: string;
  /**
   * Build an administration client, for depth() (the Manage right). False for a consumer that
   * holds Sender + Receiver only (the scorer): depth() then rejects. Default true.
   */
  depth?: boolean;
  onError?: (error: unknown) => void;
}

/** Builds the adapter on a new ServiceBusClient (closed with the queue), and an administration client if asked. */
export function createServiceBusJobQueue<T>(
  options: ServiceBusConnection & CreateServiceBusJobQueueOptions,
): ServiceBusJobQueue<T> {
  const byString = 'connectionString' in options;
  const client = byString
    ? new ServiceBusClient(options.connectionString)
    : new ServiceBusClient(options.fullyQualifiedNamespace, options.credential);
  const administration =
    options.depth === false
      ? undefined
      : byString
        ? new ServiceBusAdministrationClient(options.connectionString)
        : new ServiceBusAdministrationClient(options.fullyQualifiedNamespace, options.credential);
  return new ServiceBusJobQueue<T>({
    client,
    ...(administration && { administration }),
    queueName: options.queueName,
    ownsClient: true,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
