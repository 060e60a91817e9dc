import { z } from 'zod';
import { ID_PATTERN, idSchema } from './ids.js';
import { RUN_ID_PATTERN, runIdSchema } from './run-id.js';

/**
 * A prediction blob (`predictionsBlobName`): the CSV a scoring job writes, read back by the
 * API's prediction queries and the demo. The reference's `TS,Device,Tag,Val,Prediction` plus
 * `Decision,ModelVersion,RunId`, one newline-terminated row per (entity, window). Numbers are
 * printed with `String(x)`, the shortest text that parses back to the same float64. Device-level
 * models have an empty Tag and an empty Val (their input is several sensors). Ids match
 * ID_PATTERN and run ids RUN_ID_PATTERN, so no cell needs quoting: a split on commas reads a row.
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

export const PREDICTION_HEADER = `${PREDICTION_COLUMNS.join(',')}\n`;

/** One row, as the API returns it (`Tag` is `sensor`, `Prediction` is `anomaly`). */
export const predictionRowSchema = z.object({
  /** The window end, as the window blob had it. */
  ts: z.iso.datetime({ offset: true }),
  device: idSchema,
  /** Empty for a device-level model. */
  sensor: z.union([z.literal(''), idSchema]),
  /** The window value scored; null for a device-level model. */
  value: z.number().nullable(),
  /** The `Prediction` column: 1 when the decision is not strictly positive. */
  anomaly: z.boolean(),
  decision: z.number(),
  modelVersion: z.number().int().positive(),
  runId: runIdSchema,
});
export type PredictionRow = z.infer<typeof predictionRowSchema>;

/**
 * 1 (anomaly) unless the decision is strictly positive — libsvm's `predict` = −1, exactly as
 * `fleetscore score-csv` labels rows (a decision of 0 or NaN is an anomaly).
 */
export const anomalyOf = (decision: number): 0 | 1 => (decision > 0 ? 0 : 1);

/**
 * One row's line, newline included. Plain arguments rather than a row object: the scorer calls
 * this once per (entity, window), millions of times a run. `value` is undefined for a
 * device-level model; the Prediction column is derived from the decision, never given.
 */
export function predictionLine(
  ts: string,
  device: string,
  sensor: string,
  value: number | undefined,
  decision: number,
  modelVersion: number,
  runId: string,
): string {
  const val = value === undefined ? '' : String(value);
  return `${ts},${device},${sensor},${val},${anomalyOf(decision)},${decision},${modelVersion},${runId}\n`;
}

/** A row of a blob with its position: the data row index, 0-based (the header is not a row). */
export interface PositionedPredictionRow {
  row: number;
  prediction: PredictionRow;
}

/**
 * The rows of a prediction blob's text, in blob order, for which `keep(device, sensor)` holds
 * (every row when absent: the filter lets a reader skip other entities' rows without reading
 * their numbers). Throws a RangeError naming `blob` and the line for a header or a kept row that
 * `predictionLine` does not make.
 */
export function parsePredictionCsv(
  blob: string,
  text: string,
  keep?: (device: string, sensor: string) => boolean,
): PositionedPredictionRow[] {
  if (!text.startsWith(PREDICTION_HEADER)) {
    throw new RangeError(`${blob}: not a prediction blob (header ${text.split('\n', 1)[0]})`);
  }
  const lines = text.slice(PREDICTION_HEADER.length).split('\n');
  if (lines.pop() !== '') throw new RangeError(`${blob}: the last row is not newline-terminated`);
  const rows: PositionedPredictionRow[] = [];
  for (let row = 0; row < lines.length; row += 1) {
    const cells = (lines[row] as string).split(',');
    if (keep !== undefined && !keep(cells[1] ?? '', cells[2] ?? '')) continue;
    const prediction = rowOf(cells);
    if (prediction === undefined) {
      throw new RangeError(`${blob}: line ${row + 2} is not a prediction row: ${lines[row]}`);
    }
    rows.push({ row, prediction });
  }
  return rows;
}

const DATE_TIME = z.iso.datetime({ offset: true });

/** A number cell as `String(x)` prints a finite float64, and nothing else. */
function finite(cell: string): number | undefined {
  const x = Number(cell);
  return Number.isFinite(x) && String(x) === cell ? x : undefined;
}

function rowOf(cells: readonly string[]): PredictionRow | undefined {
  if (cells.length !== PREDICTION_COLUMNS.length) return undefined;
  const [ts = '', device = '', sensor = '', val = '', anomaly, dec = '', ver = '', runId = ''] =
    cells;
  const value = val === '' ? null : finite(val);
  const decision = finite(dec);
  const modelVersion = finite(ver);
  if (
    !DATE_TIME.safeParse(ts).success ||
    !ID_PATTERN.test(device) ||
    (sensor !== '' && !ID_PATTERN.test(sensor)) ||
    // A device-level row has no value, a sensor's row always one.
    (value === null) !== (sensor === '') ||
    value === undefined ||
    decision === undefined ||
    anomaly !== String(anomalyOf(decision)) ||
    modelVersion === undefined ||
    !Number.isSafeInteger(modelVersion) ||
    modelVersion < 1 ||
    !RUN_ID_PATTERN.test(runId)
  )
    return undefined;
  return { ts, device, sensor, value, anomaly: anomaly === '1', decision, modelVersion, runId };
}
