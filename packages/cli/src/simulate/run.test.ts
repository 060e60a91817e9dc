import type { Reading } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { createSimulation } from './generator.js';
import { type ReadingSink, runSimulation } from './run.js';

/** An in-memory sink (the loop's own interface), optionally failing from some batch on. */
function memorySink(onBatch?: (n: number) => void, failFrom = Number.POSITIVE_INFINITY) {
  const batches: Reading[][] = [];
  const sink: ReadingSink & { closed: boolean } = {
    target: 'memory',
    closed: false,
    async write(batch) {
      if (batches.length >= failFrom) throw new Error('sink down');
      batches.push([...batch]);
      onBatch?.(batches.length);
    },
    async close() {
      sink.closed = true;
    },
  };
  return { sink, batches };
}

const simulation = (startMs = Date.parse('2018-08-28T23:00:00Z')) =>
  createSimulation({ devices: 2, sensors: 3, rate: 1000, startMs, anomalyRate: 0.2, seed: 5 });

describe('runSimulation', () => {
  it('plays an exact number of slots in batches, instantly', async () => {
    const { sink, batches } = memorySink();
    const stats = await runSimulation({
      simulation: simulation(),
      sink,
      slots: 2500,
      realtime: false,
      batchSize: 1000,
    });
    expect(stats.slots).toBe(2500);
    expect(batches.map((b) => b.length).slice(0, 2)).toEqual([1000, 1000]);
    expect(batches.flat()).toHaveLength(stats.delivered);
    expect(stats.delivered + stats.withheld).toBe(2500);
    expect(sink.closed).toBe(true);
  });

  it('stops on abort in real time and flushes what it generated', async () => {
    const stop = new AbortController();
    const { sink, batches } = memorySink((n) => n === 3 && stop.abort());
    const stats = await runSimulation({
      simulation: simulation(Date.now()),
      sink,
      slots: undefined,
      realtime: true,
      batchSize: 50,
      signal: stop.signal,
    });
    expect(stats.stopped).toBe(true);
    expect(stats.undelivered).toBe(0);
    expect(batches.flat()).toHaveLength(stats.delivered);
    expect(stats.delivered + stats.withheld).toBe(stats.slots);
  });

  it('reports the readings it could not deliver after a stop', async () => {
    const stop = new AbortController();
    const { sink } = memorySink();
    let writes = 0;
    // The third write is interrupted by Ctrl-C mid-flight.
    const interrupted: ReadingSink = {
      ...sink,
      write: async (batch, signal) => {
        if (++writes < 3) return sink.write(batch, signal);
        stop.abort();
        throw new Error('aborted');
      },
    };
    const stats = await runSimulation({
      simulation: simulation(Date.now()),
      sink: interrupted,
      slots: undefined,
      realtime: true,
      batchSize: 10,
      signal: stop.signal,
    });
    expect(stats.stopped).toBe(true);
    expect(stats.undelivered).toBe(10);
    expect(stats.delivered).toBe(20);
    expect(stats.delivered + stats.undelivered + stats.withheld).toBe(stats.slots);
  });

  it('fails when the sink fails and nobody stopped it', async () => {
    const { sink } = memorySink(undefined, 0);
    await expect(
      runSimulation({ simulation: simulation(), sink, slots: 10, realtime: false }),
    ).rejects.toThrow('sink down');
    expect(sink.closed).toBe(true);
  });
});
