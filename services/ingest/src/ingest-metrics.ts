import type { PrometheusMetrics } from '@fleetscore/shared';

// OpenTelemetry's API types, reached through shared (ingest has no direct dependency on it).
type Meter = PrometheusMetrics['meter'];
type Counter = ReturnType<Meter['createCounter']>;
type Histogram = ReturnType<Meter['createHistogram']>;

/** The ingest instruments; on `/metrics` as `fleetscore_ingest_*` (see docs/ingest.md). */
export interface IngestMetrics {
  /** Readings published, counted once the stream accepted them. */
  accepted: Counter;
  /** Readings not published; attribute `reason`: `invalid` or `unavailable`. */
  rejected: Counter;
  /** Time from publish call to the stream's answer, seconds; attribute `outcome`: ok | error. */
  publishSeconds: Histogram;
}

export function ingestMetrics(meter: Meter): IngestMetrics {
  return {
    accepted: meter.createCounter('fleetscore_ingest_readings_accepted', {
      description: 'Readings the event stream accepted',
    }),
    rejected: meter.createCounter('fleetscore_ingest_readings_rejected', {
      description: 'Readings not published, by reason (invalid, unavailable)',
    }),
    publishSeconds: meter.createHistogram('fleetscore_ingest_publish_duration_seconds', {
      description: 'Latency of publishing one request to the event stream',
      unit: 's',
      advice: {
        explicitBucketBoundaries: [
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
        ],
      },
    }),
  };
}
