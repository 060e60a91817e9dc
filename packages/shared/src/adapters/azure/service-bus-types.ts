/**
 * The part of the @azure/service-bus surface the JobQueue adapter uses. The real
 * ServiceBusClient and ServiceBusAdministrationClient satisfy these structurally (checked where
 * `createServiceBusJobQueue` passes them in); the test fake implements exactly this much.
 */
import type Long from 'long';

/** Values Service Bus carries as application properties. */
export type PropertyValue = number | boolean | string | Date | null;

export interface OutgoingMessage {
  messageId?: string;
  body: unknown;
  contentType?: string;
  applicationProperties?: Record<string, PropertyValue>;
}

export interface ReceivedMessage {
  /** A string for every message this adapter sends; the SDK's type is wider. */
  readonly messageId?: string | number | Uint8Array;
  readonly body: unknown;
  readonly contentType?: string;
  readonly applicationProperties?: Record<string, PropertyValue>;
  /**
   * Deliveries before this one: the JS SDK passes AMQP's zero-based delivery-count through,
   * so it is 0 on the first delivery and grows on every lock expiry or abandon.
   */
  readonly deliveryCount?: number;
  readonly lockToken?: string;
  lockedUntilUtc?: Date;
  readonly enqueuedTimeUtc?: Date;
  /** Assigned by the service; a Long in the SDK (partitioned entities pass 2^53). */
  readonly sequenceNumber?: Long | number;
  readonly deadLetterReason?: string;
  readonly deadLetterErrorDescription?: string;
}

export interface SenderLike {
  sendMessages(message: OutgoingMessage, options?: { abortSignal?: AbortSignal }): Promise<void>;
  /** Resolves to the sequence numbers (Long in the SDK). */
  scheduleMessages(
    message: OutgoingMessage,
    scheduledEnqueueTimeUtc: Date,
    options?: { abortSignal?: AbortSignal },
  ): Promise<unknown[]>;
  close(): Promise<void>;
}

export interface ReceiverLike {
  receiveMessages(
    maxMessageCount: number,
    options?: { maxWaitTimeInMs?: number; abortSignal?: AbortSignal },
  ): Promise<ReceivedMessage[]>;
  /**
   * Messages from `fromSequenceNumber` (inclusive), unlocked, in sequence order; may return
   * fewer than asked while more remain. Without it the SDK continues after the last message
   * peeked on this entity by any receiver of the same client (its management link keeps one
   * cursor per entity), so the adapter always passes it.
   */
  peekMessages(
    maxMessageCount: number,
    options?: { fromSequenceNumber?: Long; abortSignal?: AbortSignal },
  ): Promise<ReceivedMessage[]>;
  completeMessage(message: ReceivedMessage): Promise<void>;
  /** `propertiesToModify` are merged into the message's application properties (SDK signature). */
  abandonMessage(
    message: ReceivedMessage,
    propertiesToModify?: Record<string, PropertyValue>,
  ): Promise<void>;
  deadLetterMessage(
    message: ReceivedMessage,
    options?: { deadLetterReason: string; deadLetterErrorDescription: string } & Record<
      string,
      PropertyValue
    >,
  ): Promise<void>;
  /** Resolves to the new lock expiry. */
  renewMessageLock(message: ReceivedMessage): Promise<Date>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  receiveMode?: 'peekLock';
  subQueueType?: 'deadLetter';
  /** 0 turns the SDK's own lock renewal off (the adapter renews, so it knows when a lock is lost). */
  maxAutoLockRenewalDurationInMs?: number;
}

export interface ServiceBusClientLike {
  createSender(queueName: string): SenderLike;
  createReceiver(queueName: string, options?: ReceiverOptions): ReceiverLike;
  close(): Promise<void>;
}

export interface ServiceBusAdministrationLike {
  getQueueRuntimeProperties(queueName: string): Promise<{
    activeMessageCount: number;
    scheduledMessageCount: number;
    deadLetterMessageCount: number;
  }>;
}

/** Application properties the adapter writes (the wire format of a job message). */
export const PROPS = {
  /** The port's job id (the message id of the first copy). */
  jobId: 'jobId',
  /** Which copy of the job this is: 0 for the enqueued message, k for the k-th retry. */
  copy: 'copy',
  /** Attempt number of this copy's first delivery. */
  attempt: 'attempt',
  /** How many times the job was replayed from the dead letters (absent: 0). */
  replay: 'replay',
  /** Set when the adapter dead-letters: attempts made, and when (ms since the epoch). */
  attempts: 'attempts',
  deadLetteredAt: 'deadLetteredAt',
  /**
   * Times a draining consumer handed this copy back (abandoned it unfinished). An abandon
   * raises deliveryCount like a lock expiry, but a hand-back is not an attempt: the attempt of
   * a delivery subtracts it.
   */
  handBacks: 'handBacks',
} as const;
