import { meter } from '@fleetscore/shared';

/** What a partition reports to the observable gauges, read at each metric collection. */
export interface PartitionGauges {
  /** Current watermark, ms since the epoch (−Infinity before the first event). */
  watermarkMs(): number;
  /** Wall time of the last successful checkpoint, ms; undefined before the first. */
  checkpointedAtMs(): number | undefined;
  openWindows(): number;
}

/**
 * The aggregator's instruments (OpenTelemetry API; a no-op until telemetry is started).
 * Counters are monotonic totals (rates such as events/s are the backend's `rate()`); gauges
 * are per partition, with a `partition` attribute.
 */
export function createAggregatorMetrics(now: () => number = Date.now) {
  const m = meter('fleetscore-aggregator');
  const events = m.createCounter('fleetscore.aggregator.events', {
    description: 'Stream events handled (reading batches)',
  });
  const readings = m.createCounter('fleetscore.aggregator.readings', {
    description: 'Readings handled',
  });
  const windows = m.createCounter('fleetscore.aggregator.windows', {
    description: 'Windows written to blob',
  });
  const late = m.createCounter('fleetscore.aggregator.late_events', {
    description: 'Late readings, by outcome (dropped, adjusted)',
  });
  const dead = m.createCounter('fleetscore.aggregator.dead_events', {
    description: 'Invalid stream events parked in dead-events/',
  });
  const duplicates = m.createCounter('fleetscore.aggregator.duplicate_batches', {
    description: 'Stream events skipped because their batchId was already processed',
  });
  const blobs = m.createCounter('fleetscore.aggregator.blobs', { description: 'Blobs written' });
  const partitions = new Map<string, PartitionGauges>();

  m.createObservableGauge('fleetscore.aggregator.watermark_lag_seconds', {
    description: 'Wall time minus the partition watermark',
    unit: 's',
  }).addCallback((result) => {
    for (const [partition, p] of partitions) {
      const watermark = p.watermarkMs();
      if (Number.isFinite(watermark)) result.observe((now() - watermark) / 1000, { partition });
    }
  });
  m.createObservableGauge('fleetscore.aggregator.checkpoint_age_seconds', {
    description: 'Time since the partition last checkpointed',
    unit: 's',
  }).addCallback((result) => {
    for (const [partition, p] of partitions) {
      const at = p.checkpointedAtMs();
      if (at !== undefined) result.observe((now() - at) / 1000, { partition });
    }
  });
  m.createObservableGauge('fleetscore.aggregator.open_windows', {
    description: 'Windows open in memory',
  }).addCallback((result) => {
    for (const [partition, p] of partitions) result.observe(p.openWindows(), { partition });
  });

  return {
    events: (n: number) => events.add(n),
    readings: (n: number) => readings.add(n),
    windows: (n: number) => windows.add(n),
    blobs: (n: number) => blobs.add(n),
    late: (n: number, outcome: 'dropped' | 'adjusted') => late.add(n, { outcome }),
    dead: () => dead.add(1),
    duplicate: () => duplicates.add(1),
    track: (partition: string, gauges: PartitionGauges) => void partitions.set(partition, gauges),
    untrack: (partition: string) => void partitions.delete(partition),
  };
}

export type AggregatorMetrics = ReturnType<typeof createAggregatorMetrics>;
