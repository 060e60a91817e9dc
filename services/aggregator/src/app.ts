import type {
  BlobStore,
  EventStream,
  Logger,
  SubscribeOptions,
  Subscription,
  WindowFormat,
} from '@fleetscore/shared';
import { resolveWindowing, type WindowingOptions } from '@fleetscore/shared/windows';
import { createAggregatorMetrics } from './metrics.js';
import { type AggregatorHooks, PartitionProcessor } from './partition.js';
import { DEFAULT_DEDUPE_BATCHES } from './recent-batches.js';
import { StateStore } from './state-store.js';
import { inBatchSpan } from './tracing.js';

export interface AggregatorDeps {
  stream: EventStream;
  blobs: BlobStore;
  log: Logger;
}

export interface AggregatorOptions {
  /** Consumer group. Default `aggregator`, or `aggregator-replay` with `windowing.replay`. */
  consumerGroup?: string;
  /** Engine options (window, lateness, late policy, aggregates, idle timeout, replay). */
  windowing?: Partial<WindowingOptions>;
  /** Device shards S of the blob layout. Default 16. */
  shards?: number;
  /** Closed windows are written at least this often per partition, ms. Default 10,000. */
  flushMs?: number;
  /** A partition flushes early once this many windows and late events are buffered. Default 50,000. */
  maxBuffered?: number;
  /**
   * Format of new window blobs: `ndjson` (default), `csv` or `parquet`. Readers pick the
   * parser by extension, so changing it leaves earlier blobs readable.
   */
  windowFormat?: WindowFormat;
  /**
   * Batch ids remembered per partition to drop a re-published batch (a retried request); 0
   * turns it off. The newest `PERSISTED_BATCHES` (10,000) of them are kept in the partition's
   * state blob, so a new owner still drops a batch its predecessor processed. Default 100,000.
   */
  dedupeBatches?: number;
  /** Timer period for idle ticks and periodic flushes, ms. Default 1,000. */
  tickMs?: number;
  /** Passed to `EventStream.subscribe`. */
  subscribe?: SubscribeOptions;
  /** Crash points for tests. */
  hooks?: AggregatorHooks;
  /** Wall clock, ms. Default `Date.now`. */
  now?: () => number;
}

export interface Aggregator {
  readonly consumerGroup: string;
  /** Joins the consumer group and starts the timer. */
  start(): void;
  /** Partition ids owned right now. */
  owned(): string[];
  /** Stops intake, flushes closed windows, checkpoints, releases the partitions. */
  close(): Promise<void>;
  /** Stops the timer only, leaving everything else as a crashed process would (tests). */
  abandon(): void;
}

/**
 * The aggregator: stream in, window blobs out. One `PartitionProcessor` (and engine) per owned
 * partition, created when the port hands a partition over and dropped when it takes it away.
 */
export function createAggregator(
  deps: AggregatorDeps,
  options: AggregatorOptions = {},
): Aggregator {
  const windowing = resolveWindowing(options.windowing ?? {});
  const consumerGroup =
    options.consumerGroup ?? (windowing.replay ? 'aggregator-replay' : 'aggregator');
  const settings = {
    windowing,
    shards: options.shards ?? 16,
    flushMs: options.flushMs ?? 10_000,
    maxBuffered: options.maxBuffered ?? 50_000,
    hooks: options.hooks ?? {},
    now: options.now ?? Date.now,
    windowFormat: options.windowFormat ?? 'ndjson',
    dedupeBatches: options.dedupeBatches ?? DEFAULT_DEDUPE_BATCHES,
  };
  const { log } = deps;
  const metrics = createAggregatorMetrics(settings.now);
  const states = new StateStore(deps.blobs, consumerGroup);
  const partitions = new Map<string, PartitionProcessor>();
  let subscription: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;

  const tickAll = () => {
    for (const partition of partitions.values()) {
      partition.tick().catch((error: unknown) => {
        log.error(
          { err: error, partition: partition.id },
          'flush failed; retried every flush period until a delivery resets the partition',
        );
      });
    }
  };

  return {
    consumerGroup,
    start() {
      if (subscription) return;
      subscription = deps.stream.subscribe(
        consumerGroup,
        {
          async processInitialize(context) {
            const partition = new PartitionProcessor(
              { context, blobs: deps.blobs, states, metrics, log },
              settings,
            );
            partitions.set(context.partitionId, partition);
            metrics.track(context.partitionId, partition);
            log.info({ partition: context.partitionId, consumerGroup }, 'partition claimed');
          },
          async processEvents(events, context) {
            const partition = partitions.get(context.partitionId);
            if (!partition) throw new Error(`partition ${context.partitionId} is not owned`);
            await inBatchSpan(events, context, deps.stream.messaging, () =>
              partition.handle(events),
            );
          },
          async processClose(reason, context) {
            const partition = partitions.get(context.partitionId);
            partitions.delete(context.partitionId);
            metrics.untrack(context.partitionId);
            try {
              await partition?.close(reason === 'shutdown');
            } finally {
              states.forget(context.partitionId);
            }
            log.info({ partition: context.partitionId, reason }, 'partition released');
          },
          async processError(error, context) {
            log.warn({ err: error, partition: context?.partitionId }, 'stream error');
          },
        },
        options.subscribe,
      );
      timer = setInterval(tickAll, options.tickMs ?? 1_000);
      timer.unref();
    },
    owned: () => [...partitions.keys()],
    async close() {
      clearInterval(timer);
      await subscription?.close();
      subscription = undefined;
    },
    abandon() {
      clearInterval(timer);
      partitions.clear();
    },
  };
}
