import { ANOMALY_KINDS, type AnomalyKind, type AnomalyLabel } from './anomalies.js';
import type { RunStats } from './run.js';

export interface SimulationSummary extends RunStats {
  target: string;
  retries: number;
  /** Wall-clock duration of the run, seconds. */
  seconds: number;
  /** Event-time span of the generated slots (ISO 8601), absent when none. */
  from?: string;
  to?: string;
  /** Per kind: labelled anomalies and the readings they altered (dropout: withheld). */
  anomalies: Record<AnomalyKind, { count: number; readings: number }>;
  labels?: string;
}

export function countAnomalies(labels: readonly AnomalyLabel[]): SimulationSummary['anomalies'] {
  const counts = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, { count: 0, readings: 0 }]));
  for (const label of labels) {
    const entry = counts[label.kind] as { count: number; readings: number };
    entry.count += 1;
    entry.readings += label.readings;
  }
  return counts as SimulationSummary['anomalies'];
}

/** The human summary printed at the end (or after Ctrl-C). */
export function formatSummary(s: SimulationSummary): string {
  const lines = [
    `${s.stopped ? 'stopped: ' : ''}${s.delivered} readings → ${s.target} in ${s.batches} batches, ${s.retries} retries, ${s.seconds.toFixed(1)} s`,
  ];
  if (s.from !== undefined) lines.push(`event time ${s.from} … ${s.to}`);
  if (s.undelivered > 0) lines.push(`NOT delivered: ${s.undelivered} readings`);
  const kinds = ANOMALY_KINDS.map(
    (k) => `${k} ${s.anomalies[k].count} (${s.anomalies[k].readings} readings)`,
  );
  lines.push(`anomalies: ${kinds.join(', ')}; ${s.withheld} readings withheld by dropouts`);
  if (s.labels !== undefined) lines.push(`labels → ${s.labels}`);
  return `${lines.join('\n')}\n`;
}
