import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EventHandlers, Subscription } from '../../../ports/event-stream.js';
import { pause } from '../../../runtime/pause.js';
import type { StreamKeys } from './keys.js';
import { acquireLease, fairShare, heartbeat, releaseLease, renewLease } from './partition-lease.js';
import { PartitionReader } from './partition-reader.js';
import { safely, translateRedisError } from './util.js';

export interface RedisSubscriptionSettings {
  commands: Redis;
  connect: () => Redis;
  keys: StreamKeys;
  partitionIds: readonly string[];
  leaseMs: number;
  retryBackoffMs: number;
  maxRetryBackoffMs: number;
  consumerGroup: string;
  startPosition: 'earliest' | 'latest';
  maxBatchSize: number;
  maxWaitTimeMs: number;
}

interface Owned {
  reader: PartitionReader;
  /** When the last successful renewal (or the acquisition) was sent, ms since the epoch. */
  renewedAt: number;
  leaving?: Promise<void>;
}

/**
 * One subscriber of a consumer group. Every leaseMs/3 it renews the leases it holds, announces
 * itself in the group's membership set, hands back partitions above its fair share and leases
 * free ones up to it. It never takes a partition whose lease is alive: a crashed subscriber's
 * partitions move once their leases expire.
 */
export class RedisSubscription implements Subscription {
  readonly id = randomUUID();
  private readonly settings: RedisSubscriptionSettings;
  private readonly handlers: EventHandlers;
  private readonly owned = new Map<string, Owned>();
  /** Aborted when close() starts: no more claims. */
  private readonly closing = new AbortController();
  /** Aborted when every partition is let go: no more renewals. */
  private readonly stopped = new AbortController();
  private readonly balancing: Promise<void>;
  private readonly renewing: Promise<void>;
  private closed?: Promise<void>;

  constructor(settings: RedisSubscriptionSettings, handlers: EventHandlers) {
    this.settings = settings;
    this.handlers = handlers;
    const everyMs = Math.max(1, Math.floor(settings.leaseMs / 3));
    this.balancing = this.every(everyMs, this.closing.signal, () => this.balance());
    this.renewing = this.every(everyMs, this.stopped.signal, () => this.renewAll());
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing.abort();
    await this.balancing;
    // Leases keep being renewed until in-flight handlers are done and processClose has run.
    await Promise.all([...this.owned.keys()].map((id) => this.letGo(id, 'shutdown', true)));
    this.stopped.abort();
    await this.renewing;
    const { commands, keys, consumerGroup, leaseMs } = this.settings;
    await heartbeat(commands, keys.members(consumerGroup), this.id, leaseMs, true).catch(() => {});
  }

  private async every(ms: number, signal: AbortSignal, step: () => Promise<void>): Promise<void> {
    while (!signal.aborted) {
      try {
        await step();
      } catch (error) {
        const reported = translateRedisError(error, 'partition balancing');
        await safely(() => this.handlers.processError?.(reported, undefined));
      }
      await pause(ms, signal);
    }
  }

  private async balance(): Promise<void> {
    const { commands, keys, consumerGroup, partitionIds, leaseMs } = this.settings;
    const members = await heartbeat(commands, keys.members(consumerGroup), this.id, leaseMs);
    const { quota, rank, of } = fairShare(this.id, members, partitionIds.length);
    const active = [...this.owned].filter(([, owned]) => !owned.leaving).map(([id]) => id);
    // Surplus goes back once its in-flight batch is done, for a newcomer to lease.
    for (const id of active.slice(quota)) void this.letGo(id, 'ownershipLost', true);
    let wanted = quota - active.length;
    // Newcomers start looking at different partitions, so they rarely race for the same one.
    const first = Math.floor((rank * partitionIds.length) / of);
    for (let i = 0; i < partitionIds.length && wanted > 0; i++) {
      if (this.closing.signal.aborted) return;
      const id = partitionIds[(first + i) % partitionIds.length]!;
      if (this.owned.has(id)) continue;
      const sentAt = Date.now();
      const lease = keys.lease(consumerGroup, id);
      if (!(await acquireLease(commands, lease, this.id, leaseMs))) continue;
      this.take(id, sentAt);
      wanted--;
    }
  }

  private take(partitionId: string, renewedAt: number): void {
    const reader = new PartitionReader({
      ...this.settings,
      partitionId,
      owner: this.id,
      handlers: this.handlers,
      onLeaseLost: () => void this.letGo(partitionId, 'ownershipLost', false),
    });
    this.owned.set(partitionId, { reader, renewedAt });
    reader.start();
  }

  private async renewAll(): Promise<void> {
    const { commands, keys, consumerGroup, leaseMs } = this.settings;
    await Promise.all(
      [...this.owned].map(async ([id, owned]) => {
        const sentAt = Date.now();
        try {
          if (await renewLease(commands, keys.lease(consumerGroup, id), this.id, leaseMs)) {
            owned.renewedAt = sentAt;
            return;
          }
        } catch (error) {
          const reported = translateRedisError(error, 'lease renewal');
          await safely(() => this.handlers.processError?.(reported, owned.reader.context));
          // Unsure whether the lease still stands: keep going until it must have expired.
          if (Date.now() - owned.renewedAt < leaseMs) return;
        }
        if (this.owned.get(id) === owned) void this.letGo(id, 'ownershipLost', false);
      }),
    );
  }

  /** Stops a partition's reader, calls processClose, and releases the lease if asked. */
  private letGo(id: string, reason: 'shutdown' | 'ownershipLost', release: boolean) {
    const owned = this.owned.get(id);
    if (!owned) return Promise.resolve();
    owned.leaving ??= (async () => {
      const { reader } = owned;
      await reader.stop();
      if (reader.initialized) {
        await safely(() => this.handlers.processClose?.(reason, reader.context));
      }
      if (release) {
        const { commands, keys, consumerGroup } = this.settings;
        await releaseLease(commands, keys.lease(consumerGroup, id), this.id).catch(() => {});
      }
      this.owned.delete(id);
    })();
    return owned.leaving;
  }
}
