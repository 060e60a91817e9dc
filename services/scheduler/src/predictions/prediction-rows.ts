import { type Entity, type PositionedPredictionRow, parsePredictionCsv } from '@fleetscore/shared';

/**
 * Reading prediction blobs for the API (pure): an entity's rows in a time range, through the
 * contract's parser (packages/shared/src/contracts/prediction-row.ts), and the latest run's row
 * where several runs scored one window.
 */

/** A row found in a blob, with its position for ordering and continuation. */
export interface FoundRow extends PositionedPredictionRow {
  blob: string;
}

export interface RowFilter {
  /** A sensor matches its own rows; a device (no sensor) matches every row of the device. */
  entity: Entity;
  /** Window ends in `[from, to)`, epoch ms. */
  from: number;
  to: number;
}

export function readPredictionRows(blob: string, text: string, filter: RowFilter): FoundRow[] {
  const { device, sensor } = filter.entity;
  const rows = parsePredictionCsv(
    blob,
    text,
    (d, s) => d === device && (sensor === undefined || s === sensor),
  );
  const found: FoundRow[] = [];
  for (const { row, prediction } of rows) {
    const time = Date.parse(prediction.ts);
    if (time >= filter.from && time < filter.to) found.push({ blob, row, prediction });
  }
  return found;
}

/**
 * One row per (device, sensor, window): where several runs scored the same window (a backfill
 * over a scheduled hour, a re-run), the row of the run ranked latest wins. Ties (one run) keep
 * the first row seen. Result in (blob name, row) order.
 */
export function latestRows(rows: readonly FoundRow[], rank: (runId: string) => number): FoundRow[] {
  const best = new Map<string, FoundRow>();
  for (const found of rows) {
    const { device, sensor, ts, runId } = found.prediction;
    const key = `${device}/${sensor}@${Date.parse(ts)}`;
    const held = best.get(key);
    if (held === undefined || rank(runId) > rank(held.prediction.runId)) best.set(key, found);
  }
  return [...best.values()].sort(comparePosition);
}

export interface Position {
  blob: string;
  row: number;
}

export function comparePosition(a: Position, b: Position): number {
  return a.blob < b.blob ? -1 : a.blob > b.blob ? 1 : a.row - b.row;
}
