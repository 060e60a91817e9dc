import { setTimeout as sleep } from 'node:timers/promises';
import type { Reading } from '@fleetscore/shared';
import type { Simulation } from './generator.js';

/** Where readings go: the ingest service over HTTP, or an NDJSON file. */
export interface ReadingSink {
  /** Shown in the summary. */
  readonly target: string;
  /** Delivers one batch (retrying as the sink sees fit); rejects when it cannot. */
  write(batch: readonly Reading[], signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface RunOptions {
  simulation: Simulation;
  sink: ReadingSink;
  /** Slots to play; undefined = until `signal` aborts (real time only). */
  slots: number | undefined;
  /** Real time: slot i is sent at its event time (wall clock). Otherwise as fast as the sink takes. */
  realtime: boolean;
  /** Largest batch. Default 500. */
  batchSize?: number;
  /** In real time, a batch is flushed at the latest this long after its first reading. Default 200 ms. */
  batchMs?: number;
  /** Ctrl-C: stop generating, flush what was generated, return. */
  signal?: AbortSignal;
  /** Grace for the last flush after `signal` aborted. Default 5,000 ms. */
  drainMs?: number;
  onProgress?: (stats: RunStats) => void;
}

export interface RunStats {
  /** Slots played (readings generated, withheld ones included). */
  slots: number;
  /** Readings the sink accepted. */
  delivered: number;
  /** Readings withheld by dropouts. */
  withheld: number;
  /** Readings generated but not delivered (the last batch after Ctrl-C, if the sink failed). */
  undelivered: number;
  batches: number;
  stopped: boolean;
}

/** Plays a simulation into a sink, paced by the wall clock or instantly, in batches. */
export async function runSimulation(options: RunOptions): Promise<RunStats> {
  const { simulation, sink, slots, realtime, signal } = options;
  const { batchSize = 500, batchMs = 200, drainMs = 5_000 } = options;
  const stats: RunStats = {
    slots: 0,
    delivered: 0,
    withheld: 0,
    undelivered: 0,
    batches: 0,
    stopped: false,
  };
  let batch: Reading[] = [];
  let batchStarted = 0;
  const flush = async (flushSignal = signal) => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    try {
      await sink.write(sending, flushSignal);
    } catch (error) {
      stats.undelivered += sending.length;
      throw error;
    }
    stats.delivered += sending.length;
    stats.batches += 1;
    options.onProgress?.(stats);
  };

  try {
    while ((slots === undefined || stats.slots < slots) && !signal?.aborted) {
      const due = simulation.timeOf(simulation.slots);
      const now = Date.now();
      if (realtime && due > now) {
        // Nothing due yet: flush a batch that has waited long enough, else sleep until due.
        if (batch.length > 0 && now - batchStarted >= batchMs) await flush();
        else await sleep(Math.min(due - now, batchMs), undefined, { signal }).catch(() => {});
        continue;
      }
      const { reading } = simulation.next();
      stats.slots += 1;
      if (reading === null) stats.withheld += 1;
      else {
        if (batch.length === 0) batchStarted = now;
        batch.push(reading);
      }
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  stats.stopped = signal?.aborted === true;
  try {
    // After Ctrl-C the run signal is spent; give the last batch a short grace of its own.
    await flush(stats.stopped ? AbortSignal.timeout(drainMs) : signal);
  } catch (error) {
    // Stopped: the summary reports the undelivered readings instead of an error.
    if (!stats.stopped) throw error;
  } finally {
    await sink.close();
  }
  return stats;
}
