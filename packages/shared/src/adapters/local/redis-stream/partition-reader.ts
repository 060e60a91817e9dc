import type { Redis } from 'ioredis';
import type {
  EventHandlers,
  PartitionContext,
  ReceivedEvent,
} from '../../../ports/event-stream.js';
import { abortable } from '../../../runtime/abortable.js';
import { backoffMs } from '../../../runtime/backoff.js';
import { pause } from '../../../runtime/pause.js';
import { decodeEntry, type RawEntry } from './codec.js';
import type { StreamKeys } from './keys.js';
import { ackUpToScript, fencedReadScript, runScript } from './scripts.js';
import { safely, translateRedisError } from './util.js';

/**
 * The one consumer name every owner of a partition reads as. Only the lease holder reads, so
 * the group's pending list for the partition is exactly "delivered since the last checkpoint",
 * and a new owner finds it by reading its own pending entries: no XAUTOCLAIM needed.
 */
const CONSUMER = 'owner';

export interface PartitionReaderDeps {
  /** Opens the reader's own connection: its blocking reads would stall a shared one. */
  connect: () => Redis;
  /** The shared connection, for group creation and checkpoints (called from handlers). */
  commands: Redis;
  keys: StreamKeys;
  consumerGroup: string;
  partitionId: string;
  owner: string;
  startPosition: 'earliest' | 'latest';
  maxBatchSize: number;
  maxWaitTimeMs: number;
  retryBackoffMs: number;
  maxRetryBackoffMs: number;
  handlers: EventHandlers;
  /** The fenced read found the lease in other hands (or expired). */
  onLeaseLost: () => void;
}

/** Delivers one owned partition, in order, until stopped or the lease is lost. */
export class PartitionReader {
  readonly context: PartitionContext;
  /** processInitialize was called, so processClose is due. */
  initialized = false;
  private readonly deps: PartitionReaderDeps;
  private readonly connection: Redis;
  private readonly stopping = new AbortController();
  private readonly streamKey: string;
  private done: Promise<void> = Promise.resolve();

  constructor(deps: PartitionReaderDeps) {
    this.deps = deps;
    this.streamKey = deps.keys.stream(deps.partitionId);
    this.connection = deps.connect();
    const { commands, consumerGroup, partitionId } = deps;
    this.context = {
      consumerGroup,
      partitionId,
      updateCheckpoint: async (event: ReceivedEvent) => {
        if (event.partitionId !== partitionId) {
          throw new TypeError(
            `event of partition ${event.partitionId} checkpointed on ${partitionId}`,
          );
        }
        try {
          await runScript(commands, ackUpToScript, [this.streamKey], [consumerGroup, event.offset]);
        } catch (error) {
          throw translateRedisError(error, 'checkpoint');
        }
      },
    };
  }

  start(): void {
    this.done = this.run().finally(() => this.connection.disconnect());
  }

  /** Stops reading and waits for the in-flight handler. Undelivered reads stay pending. */
  async stop(): Promise<void> {
    // Ends the wait for a read at once: a blocking one, and one queued while the connection
    // waits to reconnect (Redis down), which ioredis never settles once disconnected. A reply
    // lost this way leaves its entries pending, where the next owner reads them first.
    this.stopping.abort();
    this.connection.disconnect();
    await this.done;
  }

  private async run(): Promise<void> {
    const { handlers, retryBackoffMs: base, maxRetryBackoffMs: max } = this.deps;
    const signal = this.stopping.signal;
    let ready = false;
    // undefined = new entries; an id = pending entries after it ('0' = since the checkpoint).
    let cursor: string | undefined = '0';
    let lastDelivered: string | undefined;
    let handlerFailures = 0;
    let redisFailures = 0;
    const fail = async (error: unknown, failures: number) => {
      await safely(() => handlers.processError?.(error, this.context));
      await pause(backoffMs(failures, { baseMs: base, maxMs: max }), signal);
    };
    while (!signal.aborted) {
      let events: ReceivedEvent[];
      try {
        if (!ready) {
          await this.ensureGroup();
          ready = true;
          if (!this.initialized) {
            this.initialized = true;
            await safely(() => handlers.processInitialize?.(this.context));
          }
        }
        const entries: RawEntry[] | 'lost' = await abortable(this.read(cursor), signal);
        redisFailures = 0;
        if (entries === 'lost') return this.deps.onLeaseLost();
        if (entries.length === 0) {
          cursor = undefined;
          continue;
        }
        const lastId: string = entries.at(-1)![0];
        if (cursor !== undefined) cursor = lastId;
        lastDelivered = lastId;
        events = entries.flatMap((entry) => decodeEntry(this.deps.partitionId, entry) ?? []);
        if (events.length < entries.length) await this.ackTrimmed(entries);
      } catch (error) {
        if (signal.aborted) return;
        if (String(error).includes('NOGROUP')) ready = false;
        await fail(translateRedisError(error, 'read'), ++redisFailures);
        // A read whose reply was lost left its entries pending: read them from there.
        cursor = lastDelivered ?? '0';
        continue;
      }
      // Stopping: what was just read stays pending, for the next owner to read first.
      if (signal.aborted) return;
      if (events.length === 0) continue;
      try {
        await handlers.processEvents(events, this.context);
        handlerFailures = 0;
      } catch (error) {
        await fail(error, ++handlerFailures);
        cursor = '0'; // redeliver from the last checkpoint
      }
    }
  }

  /** Pending entries after `cursor`, else new entries (blocking up to maxWaitTimeMs). */
  private async read(cursor: string | undefined): Promise<RawEntry[] | 'lost'> {
    const { consumerGroup, maxBatchSize, keys, partitionId, owner } = this.deps;
    if (cursor !== undefined) {
      const reply = await this.connection.call(
        'XREADGROUP',
        ...['GROUP', consumerGroup, CONSUMER, 'COUNT', maxBatchSize, 'STREAMS', this.streamKey],
        cursor,
      );
      return streamEntries(reply);
    }
    const reply = (await runScript(
      this.connection,
      fencedReadScript,
      [this.streamKey, keys.lease(consumerGroup, partitionId)],
      [owner, consumerGroup, CONSUMER, maxBatchSize],
    )) as [number, unknown];
    if (reply[0] === -1) return 'lost';
    if (reply[0] === 1) return reply[1] as RawEntry[];
    const blockMs = Math.max(1, Math.round(this.deps.maxWaitTimeMs));
    const newer = reply[1] as string;
    await this.connection.call(
      'XREAD',
      ...['COUNT', 1, 'BLOCK', blockMs, 'STREAMS', this.streamKey],
      newer,
    );
    return []; // woken by a new entry (or timed out): the next fenced read takes it
  }

  private async ensureGroup(): Promise<void> {
    const from = this.deps.startPosition === 'latest' ? '$' : '0';
    try {
      await this.deps.commands.call(
        'XGROUP',
        ...['CREATE', this.streamKey, this.deps.consumerGroup, from, 'MKSTREAM'],
      );
    } catch (error) {
      // The group has read this partition before: its position stands in for a checkpoint.
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /** Entries trimmed (MAXLEN) while pending can never be delivered: drop them from the list. */
  private async ackTrimmed(entries: RawEntry[]): Promise<void> {
    const gone = entries.filter(([, fields]) => fields === null).map(([id]) => id);
    await this.deps.commands.xack(this.streamKey, this.deps.consumerGroup, ...gone);
  }
}

function streamEntries(reply: unknown): RawEntry[] {
  // XREADGROUP replies [[key, entries]] (or null when there are none).
  if (!Array.isArray(reply)) return [];
  const first: unknown = reply[0];
  return Array.isArray(first) && Array.isArray(first[1]) ? (first[1] as RawEntry[]) : [];
}
