/**
 * The prediction blob of a job (pure): the reference's `TS,Device,Tag,Val,Prediction` plus
 * `Decision,ModelVersion,RunId`, one row per (entity, window), sorted by (TS, Device, Tag).
 * Numbers are printed with `String(x)`, the shortest text that parses back to the same float64.
 * Device-level models have an empty Tag and an empty Val (their input is several sensors).
 * Ids match ID_PATTERN and run ids RUN_ID_PATTERN, so no cell needs quoting.
 */
export const PREDICTION_COLUMNS = [
  'TS',
  'Device',
  'Tag',
  'Val',
  'Prediction',
  'Decision',
  'ModelVersion',
  'RunId',
] as const;

export interface PredictionRow {
  ts: string;
  device: string;
  /** Empty for a device-level model. */
  tag: string;
  /** Undefined for a device-level model. */
  value: number | undefined;
  decision: number;
  modelVersion: number;
}

/**
 * 1 (anomaly) unless the decision is strictly positive — libsvm's `predict` = −1, exactly as
 * `fleetscore score-csv` labels rows (a decision of 0 or NaN is an anomaly).
 */
export const anomalyOf = (decision: number): 0 | 1 => (decision > 0 ? 0 : 1);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function comparePredictions(a: PredictionRow, b: PredictionRow): number {
  return Date.parse(a.ts) - Date.parse(b.ts) || cmp(a.device, b.device) || cmp(a.tag, b.tag);
}

/** The CSV text, header first, rows sorted, newline-terminated. */
export function formatPredictions(rows: readonly PredictionRow[], runId: string): string {
  const lines = [PREDICTION_COLUMNS.join(',')];
  for (const row of [...rows].sort(comparePredictions)) {
    lines.push(
      [
        row.ts,
        row.device,
        row.tag,
        row.value === undefined ? '' : String(row.value),
        anomalyOf(row.decision),
        String(row.decision),
        row.modelVersion,
        runId,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
