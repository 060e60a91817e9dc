import type { PredictionBody } from '@fleetscore/shared';

export interface HeatCell {
  rows: number;
  anomalies: number;
}

export interface Heatmap {
  entities: string[];
  /** Bucket start times, ms; every bucket is `bucketMs` long. */
  buckets: number[];
  bucketMs: number;
  /** `cells[entity][bucket]`. */
  cells: HeatCell[][];
}

/** The entity key of a prediction row: `device/sensor`, or `device` for a device-level model. */
export const rowEntity = (row: PredictionBody) =>
  row.sensor === '' ? row.device : `${row.device}/${row.sensor}`;

/**
 * Anomaly counts per entity and time bucket of window ends in `[from, to)` (the run's range, as
 * the predictions API reads it), in `count` equal buckets. Rows outside the range or of other
 * entities are ignored. Pure.
 */
export function binAnomalies(
  rows: readonly PredictionBody[],
  entities: readonly string[],
  range: { from: number; to: number },
  count: number,
): Heatmap {
  const bucketMs = Math.max(1, (range.to - range.from) / count);
  const buckets = Array.from({ length: count }, (_, i) => range.from + i * bucketMs);
  const index = new Map(entities.map((entity, i) => [entity, i]));
  const cells = entities.map(() => buckets.map(() => ({ rows: 0, anomalies: 0 })));
  for (const row of rows) {
    const e = index.get(rowEntity(row));
    const ts = Date.parse(row.ts);
    if (e === undefined || ts < range.from || ts >= range.to) continue;
    const b = Math.min(count - 1, Math.floor((ts - range.from) / bucketMs));
    const cell = cells[e]![b]!;
    cell.rows += 1;
    if (row.anomaly) cell.anomalies += 1;
  }
  return { entities: [...entities], buckets, bucketMs, cells };
}

/** A cell's colour: white (no anomalies) to red (all anomalous); grey when it has no rows. */
export function heatColour(cell: HeatCell): string {
  if (cell.rows === 0) return '#e5e7eb';
  const rate = cell.anomalies / cell.rows;
  // Perceived contrast: even a few anomalies in a bucket must be visible.
  const t = rate === 0 ? 0 : 0.15 + 0.85 * Math.sqrt(rate);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 185)}, ${mix(255, 28)}, ${mix(255, 28)})`;
}
