import {
  ATTR,
  type BlobStore,
  deadEventName,
  type Logger,
  type PartitionContext,
  type ReceivedEvent,
  type Span,
  UnavailableError,
  type WindowFormat,
} from '@fleetscore/shared';
import {
  createWindowingEngine,
  type WindowingEngine,
  type WindowingOptions,
  windowCodec,
} from '@fleetscore/shared/windows';
import { decodeEvent } from './decode.js';
import type { AggregatorMetrics } from './metrics.js';
import { RecentBatches } from './recent-batches.js';
import { RestoredFloor } from './restored-floor.js';
import { SegmentBuffer } from './segment-buffer.js';
import { EMPTY_STATE, type PartitionState, type StateStore } from './state-store.js';
import { inFlushSpan } from './tracing.js';

/** Test seams: the crash points of the exactly-once argument. */
export interface AggregatorHooks {
  /** After a flush's window blobs are durable, before its state blob and checkpoint. */
  afterWindowsWritten?(partitionId: string): Promise<void> | void;
}

export interface PartitionSettings {
  windowing: WindowingOptions;
  shards: number;
  flushMs: number;
  maxBuffered: number;
  hooks: AggregatorHooks;
  now: () => number;
  /** Format of the window blobs written. */
  windowFormat: WindowFormat;
  /** Batch ids remembered per partition to drop a re-published batch; 0 turns it off. */
  dedupeBatches: number;
}

export interface PartitionDeps {
  context: PartitionContext;
  blobs: BlobStore;
  states: StateStore;
  metrics: AggregatorMetrics;
  log: Logger;
}

/**
 * One owned partition: its engine, the windows closed since the last flush, and the events not
 * yet checkpointed. A flush writes window blobs, then the state blob, then the checkpoint — in
 * that order, so that whatever a crash interrupts is replayed (see docs/aggregator.md). Calls
 * are serialised: the subscription's batches and the timer's ticks never interleave.
 */
export class PartitionProcessor {
  readonly id: string;
  private engine!: WindowingEngine;
  private buffer!: SegmentBuffer;
  private floor!: RestoredFloor;
  /** Kept across resets: it tells a redelivered entry (same seq) from a re-published batch. */
  private readonly recent: RecentBatches;
  private state: PartitionState = EMPTY_STATE;
  /** Received since the last checkpoint, bodies dropped: seq → event, ascending. */
  private pending = new Map<number, ReceivedEvent>();
  private segmentFrom: number | undefined;
  private lastSeq = -1;
  private takenWatermark = Number.NEGATIVE_INFINITY;
  private lastFlushAt: number;
  private lastEventAt: number;
  private checkpointedAt: number | undefined;
  /**
   * `redeliver`: the stream will redeliver from the checkpoint (after a handler throw, or at
   * first), so the next batch starts from a reset. `broken`: a timer flush failed — treated as
   * a crash: the next batch resets and throws, to make the stream redeliver; until then the
   * timer retries the flush (see `tick`).
   */
  private stale: 'redeliver' | 'broken' | undefined = 'redeliver';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: PartitionDeps,
    private readonly settings: PartitionSettings,
  ) {
    this.id = deps.context.partitionId;
    this.recent = new RecentBatches(settings.dedupeBatches);
    this.lastFlushAt = this.lastEventAt = settings.now();
  }

  // The engine exists from the first batch's reset on; gauges may read before that.
  watermarkMs = () => this.engine?.watermarkMs() ?? Number.NEGATIVE_INFINITY;
  openWindows = () => this.engine?.openWindows() ?? 0;
  checkpointedAtMs = () => this.checkpointedAt;

  /** Handles one delivered batch; a throw resets the partition (the stream redelivers). */
  handle(events: ReceivedEvent[]): Promise<void> {
    return this.serial(async () => {
      try {
        const stale = this.stale;
        if (stale) await this.reset();
        if (stale === 'broken') throw new UnavailableError('partition reset after a failed flush');
        await this.process(events);
      } catch (error) {
        this.stale = 'redeliver';
        throw error;
      }
    });
  }

  /**
   * Timer: idle watermark, periodic flush; in replay, flushes everything once idle. A partition
   * broken by a failed flush retries the flush here, once per flush period: an idle partition
   * gets no further delivery to recover through, and its buffered windows would otherwise stay
   * unwritten until one arrives. The retry writes the same buffer under the same segment range
   * (a rewrite of any blob the failed attempt wrote); a delivery meanwhile still resets first.
   */
  tick(): Promise<void> {
    return this.serial(async () => {
      if (this.stale === 'redeliver') return;
      try {
        await this.tickNow();
        this.stale = undefined;
      } catch (error) {
        this.stale = 'broken';
        this.lastFlushAt = this.settings.now();
        throw error;
      }
    });
  }

  private async tickNow(): Promise<void> {
    const now = this.settings.now();
    this.engine.tick(now);
    let force = false;
    const idle = now - this.lastEventAt >= this.settings.windowing.idleTimeoutMs;
    if (this.settings.windowing.replay && idle && this.engine.openWindows() > 0) {
      this.buffer.addWindows(this.engine.flush());
      force = true;
    }
    this.collect();
    if (force || now - this.lastFlushAt >= this.settings.flushMs) await this.flush();
  }

  /** Graceful close flushes what is closed and checkpoints; open windows are rebuilt later. */
  close(flush: boolean): Promise<void> {
    return this.serial(async () => {
      if (!flush || this.stale) return;
      this.collect();
      await this.flush();
    });
  }

  private async reset(): Promise<void> {
    const { windowing } = this.settings;
    this.state = await this.deps.states.load(this.id);
    this.recent.restore(this.state.batches);
    this.engine = createWindowingEngine(windowing);
    const codec = windowCodec(this.settings.windowFormat);
    this.buffer = new SegmentBuffer(this.settings.shards, codec, windowing.aggregates);
    this.floor = new RestoredFloor(this.state, windowing.windowMs, windowing.latePolicy);
    this.pending.clear();
    this.segmentFrom = undefined;
    this.lastSeq = this.state.lastSeq;
    this.takenWatermark = this.state.floorMs ?? Number.NEGATIVE_INFINITY;
    this.stale = undefined;
  }

  private async process(events: ReceivedEvent[]): Promise<void> {
    const now = this.settings.now();
    const { metrics } = this.deps;
    let readings = 0;
    for (const event of events) {
      const seq = event.sequenceNumber;
      if (seq <= this.state.seq) continue; // durable already: the stream checkpoint lagged
      this.segmentFrom ??= seq;
      this.lastSeq = seq;
      this.pending.set(seq, { ...event, body: undefined });
      const decoded = decodeEvent(event);
      if (!decoded.ok) {
        await this.park(event, decoded.reason);
        continue;
      }
      // A retried publish: skipped, but its position still advances (checkpointed past).
      if (this.recent.isDuplicate(decoded.batch.batchId, seq)) {
        metrics.duplicate();
        continue;
      }
      for (const reading of decoded.batch.readings) {
        const verdict = this.floor.classify(reading, seq, this.engine.watermarkMs());
        if (verdict.kind === 'skip') continue;
        if (verdict.kind === 'late') {
          this.buffer.addLate([verdict.late]);
          metrics.late(1, verdict.late.outcome);
          if (verdict.late.outcome === 'dropped') continue;
        }
        this.engine.add(verdict.kind === 'late' ? verdict.reading : reading, seq, now);
      }
      readings += decoded.batch.readings.length;
    }
    this.lastEventAt = now;
    metrics.events(events.length);
    metrics.readings(readings);
    this.collect();
    const due = now - this.lastFlushAt >= this.settings.flushMs;
    if (due || this.buffer.size() >= this.settings.maxBuffered) await this.flush();
  }

  /** Moves closed windows and late events from the engine into the buffer. */
  private collect(): void {
    const closed = this.engine.takeClosed();
    const late = this.engine.takeLate();
    this.buffer.addWindows(closed);
    this.buffer.addLate(late);
    for (const event of late) this.deps.metrics.late(1, event.outcome);
    this.takenWatermark = this.engine.watermarkMs();
  }

  /** A flush that writes windows is traced; a checkpoint-only one (every tick) is not. */
  private flush(): Promise<void> {
    if (this.buffer.size() === 0) return this.flushNow();
    return inFlushSpan(this.id, this.pending.values(), (span) => this.flushNow(span));
  }

  private async flushNow(span?: Span): Promise<void> {
    const now = this.settings.now();
    const target = this.checkpointTarget();
    const { blobs, metrics, context, states } = this.deps;
    if (this.buffer.size() > 0) {
      const from = this.segmentFrom ?? this.lastSeq + 1;
      const written = await this.buffer.write(
        blobs,
        this.id,
        from,
        this.lastSeq,
        this.takenWatermark,
      );
      metrics.windows(written.windows);
      metrics.blobs(written.blobs);
      span?.setAttribute(ATTR.windows, written.windows);
      this.segmentFrom = undefined;
      await this.settings.hooks.afterWindowsWritten?.(this.id);
    }
    this.lastFlushAt = now;
    if (target === undefined || target <= this.state.seq) return;
    // In replay the watermark is finite once an idle flush wrote windows (engine.flush).
    const floorMs = Number.isFinite(this.takenWatermark) ? this.takenWatermark : null;
    const batches = this.recent.entries();
    const next: PartitionState = { seq: target, lastSeq: this.lastSeq, floorMs, batches };
    await states.save(this.id, next);
    this.state = next;
    const event = this.pending.get(target);
    if (event) await context.updateCheckpoint(event);
    for (const seq of this.pending.keys()) if (seq <= target) this.pending.delete(seq);
    this.checkpointedAt = now;
  }

  /** The newest received event whose readings are all in taken windows or the late audit. */
  private checkpointTarget(): number | undefined {
    if (this.pending.size === 0) return undefined;
    if (this.engine.openWindows() === 0) return this.lastSeq;
    const safe = this.engine.safePosition() ?? Number.NEGATIVE_INFINITY;
    let target: number | undefined;
    for (const seq of this.pending.keys()) {
      if (seq > safe) break;
      target = seq;
    }
    return target;
  }

  /** An invalid event is parked with its reason, never retried: retrying cannot fix it. */
  private async park(event: ReceivedEvent, reason: string): Promise<void> {
    const name = deadEventName(this.id, event.sequenceNumber, event.enqueuedTime.getTime());
    const record = { reason, partitionId: this.id, sequenceNumber: event.sequenceNumber };
    const body = JSON.stringify({ ...record, enqueuedTime: event.enqueuedTime, body: event.body });
    await this.deps.blobs.put(name, body, { contentType: 'application/json' });
    this.deps.metrics.dead();
    this.deps.log.warn(record, 'invalid stream event parked in dead-events/');
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => {});
    return run;
  }
}
