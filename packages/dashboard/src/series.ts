import type { PredictionBody } from '@fleetscore/shared';

/** uPlot's columnar data: x in seconds, the window values, and the anomalous ones alone. */
export type Series = [number[], Array<number | null>, Array<number | null>];

/**
 * An entity's rows as chart columns, sorted by time. A device-level model has no single value
 * (`value` null): its decision function is plotted instead. Pure.
 */
export function seriesOf(rows: readonly PredictionBody[]): {
  data: Series;
  plotted: 'value' | 'decision';
} {
  const sorted = [...rows].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  const plotted = sorted.some((row) => row.value !== null) ? 'value' : 'decision';
  const y = (row: PredictionBody) => (plotted === 'value' ? row.value : row.decision);
  return {
    plotted,
    data: [
      sorted.map((row) => Date.parse(row.ts) / 1000),
      sorted.map(y),
      sorted.map((row) => (row.anomaly ? y(row) : null)),
    ],
  };
}
