import { Redis } from 'ioredis';
import type {
  EventHandlers,
  EventStream,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from '../../ports/event-stream.js';
import type { MessagingTarget } from '../../ports/messaging.js';
import { positiveInt } from '../options.js';
import { encodeEvent } from './redis-stream/codec.js';
import { assertKeyPart, partitionOf, type StreamKeys, streamKeys } from './redis-stream/keys.js';
import { publishScript, runScript } from './redis-stream/scripts.js';
import { RedisSubscription } from './redis-stream/subscription.js';
import { translateRedisError } from './redis-stream/util.js';

/** Opens a new ioredis connection; called once for commands and once per owned partition. */
export type RedisConnectionFactory = () => Redis;

export interface RedisEventStreamOptions {
  /** Part of every key (`fs:stream:<name>:…`): letters, digits, `_`, `.`, `-`. */
  name: string;
  /**
   * Number of partitions. Default 4. Fixed for the life of the stream: another count sends
   * keys to other partitions.
   */
  partitionCount?: number;
  /**
   * Partition lease, ms, renewed every third of it. A crashed subscriber's partitions are
   * taken over after at most about this long. Default 10,000.
   */
  leaseMs?: number;
  /**
   * Approximate cap on entries kept per partition (`XADD MAXLEN ~`). Trimming drops entries
   * whether or not every group has read them. Default: no trimming.
   */
  maxLenApprox?: number;
  /**
   * Delay before a batch whose handler threw is redelivered (from the last checkpoint), ms;
   * doubles per consecutive failure. Default 1,000.
   */
  retryBackoffMs?: number;
  /** Cap on that delay, ms. Default 30,000. */
  maxRetryBackoffMs?: number;
}

/**
 * The event stream on Redis Streams: one stream per partition, consumer groups for positions,
 * leases for partition ownership.
 *
 * - publish: one Lua script appends the whole batch, each entry with the next sequence number
 *   of its partition; Redis runs a script atomically, so readers never see part of a batch and
 *   it is all-or-nothing (short of a command failing midway, e.g. out of memory under
 *   maxmemory — Redis does not roll back, as with MULTI/EXEC).
 * - checkpoint = XACK of every pending entry up to the event; a new owner (after a crash, a
 *   close, or a failed handler) re-reads the group's pending entries first, so what was
 *   delivered but not checkpointed comes again.
 * - startPosition (default **earliest**) applies when the group first reads a partition
 *   (XGROUP CREATE at 0 or $); from then on the group's position stands in for the checkpoint.
 * - ownership: a lease per (group, partition), renewed every leaseMs/3. Each subscriber leases
 *   up to its fair share (subscribers count each other through heartbeats), hands back its
 *   surplus when others join (processClose 'ownershipLost'), and never takes a live lease, so
 *   a crashed subscriber's partitions move once its leases expire. New entries are read only
 *   while holding the lease (checked in the same script), so an owner that lost it cannot take
 *   entries behind its successor's back; it stops the partition (processClose 'ownershipLost').
 * - events are delivered as soon as any are available; maxWaitTimeMs bounds each blocking
 *   read. Batches are never empty. Partitions are delivered concurrently, each in order.
 * Connections: one for commands, plus one per partition this process owns (blocking reads).
 * Single Redis node only (the publish script touches keys of several partitions).
 */
export class RedisEventStream implements EventStream {
  private readonly connect: RedisConnectionFactory;
  private readonly commands: Redis;
  private readonly keys: StreamKeys;
  private readonly ids: string[];
  private readonly leaseMs: number;
  private readonly maxLen: number;
  private readonly retryBackoffMs: number;
  private readonly maxRetryBackoffMs: number;
  private readonly subscriptions = new Set<RedisSubscription>();
  private closed = false;
  readonly messaging: MessagingTarget;

  constructor(connection: string | RedisConnectionFactory, options: RedisEventStreamOptions) {
    assertKeyPart('stream name', options.name);
    this.messaging = {
      system: 'redis',
      destination: options.name,
      ...(typeof connection === 'string' && hostOf(connection)
        ? { serverAddress: hostOf(connection) }
        : {}),
    };
    const partitionCount = positiveInt('partitionCount', options.partitionCount ?? 4);
    this.leaseMs = positiveInt('leaseMs', options.leaseMs ?? 10_000);
    this.maxLen =
      options.maxLenApprox === undefined ? 0 : positiveInt('maxLenApprox', options.maxLenApprox);
    this.retryBackoffMs = positiveInt('retryBackoffMs', options.retryBackoffMs ?? 1_000);
    this.maxRetryBackoffMs = positiveInt('maxRetryBackoffMs', options.maxRetryBackoffMs ?? 30_000);
    this.keys = streamKeys(options.name);
    this.ids = Array.from({ length: partitionCount }, (_, i) => String(i));
    this.connect = typeof connection === 'string' ? () => quiet(new Redis(connection)) : connection;
    this.commands = this.connect();
  }

  async publish(
    events: readonly OutgoingEvent[],
    options?: { signal?: AbortSignal },
  ): Promise<void> {
    options?.signal?.throwIfAborted();
    if (events.length === 0) return;
    const keys: string[] = [];
    const args: (string | number)[] = [this.maxLen];
    for (const event of events) {
      const partitionId = String(partitionOf(event.partitionKey, this.ids.length));
      keys.push(this.keys.stream(partitionId), this.keys.sequence(partitionId));
      args.push(...encodeEvent(event));
    }
    try {
      await runScript(this.commands, publishScript, keys, args);
    } catch (error) {
      throw translateRedisError(error, 'publish');
    }
  }

  /** A PING on the command connection (the one publish uses). */
  async probe(options?: { signal?: AbortSignal }): Promise<void> {
    options?.signal?.throwIfAborted();
    try {
      await this.commands.ping();
    } catch (error) {
      throw translateRedisError(error, 'ping');
    }
  }

  async partitionIds(): Promise<string[]> {
    return [...this.ids];
  }

  subscribe(
    consumerGroup: string,
    handlers: EventHandlers,
    options: SubscribeOptions = {},
  ): Subscription {
    if (this.closed) throw new Error('RedisEventStream is closed');
    assertKeyPart('consumer group', consumerGroup);
    const subscription = new RedisSubscription(
      {
        commands: this.commands,
        connect: this.connect,
        keys: this.keys,
        partitionIds: this.ids,
        leaseMs: this.leaseMs,
        retryBackoffMs: this.retryBackoffMs,
        maxRetryBackoffMs: this.maxRetryBackoffMs,
        consumerGroup,
        startPosition: options.startPosition ?? 'earliest',
        maxBatchSize: positiveInt('maxBatchSize', options.maxBatchSize ?? 500),
        maxWaitTimeMs: positiveInt('maxWaitTimeMs', options.maxWaitTimeMs ?? 1_000),
      },
      handlers,
    );
    this.subscriptions.add(subscription);
    return {
      close: () => subscription.close().finally(() => this.subscriptions.delete(subscription)),
    };
  }

  /** Closes every subscription (letting in-flight handlers finish), then the connection. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.commands.quit().catch(() => this.commands.disconnect());
  }
}

/**
 * Connection errors reach callers as failed commands (publish rejects, processError hears of
 * the rest); without a listener ioredis would also print each one.
 */
function quiet(connection: Redis): Redis {
  connection.on('error', () => {});
  return connection;
}

/** The host of a Redis URL, for `server.address` (never its password). */
function hostOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).hostname : undefined;
}
