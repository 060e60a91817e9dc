import type { GeneratedBody } from '@fleetscore/shared';

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

/** One scored entity: its rows (in time order) and their decisions. */
export interface ScoredEntity {
  device: string;
  /** Empty for a device-level model. */
  tag: string;
  modelVersion: number;
  /** Window ends as written, their instants, and (sensor entities) the values scored. */
  ts: readonly string[];
  tsMs: Float64Array;
  values: Float64Array | undefined;
  decisions: Float64Array;
}

/**
 * 1 (anomaly) unless the decision is strictly positive — libsvm's `predict` = −1, exactly as
 * `fleetscore score-csv` labels rows (a decision of 0 or NaN is an anomaly).
 */
export const anomalyOf = (decision: number): 0 | 1 => (decision > 0 ? 0 : 1);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * About this much text per chunk: small enough that each piece is an ordinary young-generation
 * string, collected at once (text of ~1 MiB goes to V8's large-object space and lingers there
 * until a full collection: measured 77 → 60 MiB peak heap formatting a 625-sensor job).
 */
export const CHUNK_CHARS = 1 << 16;

/**
 * The CSV as a blob body made while it is sent: header first, rows sorted by (TS instant,
 * Device, Tag), newline-terminated. A job's blob is tens of MB, more than the job's own
 * columns, so it is never held: the rows are formatted once to count the bytes (a Put Blob
 * declares its length) and again, chunk by chunk, as they are sent.
 */
export function predictionsBody(scored: readonly ScoredEntity[], runId: string): GeneratedBody {
  let byteLength = 0;
  for (const text of predictionTexts(scored, runId)) byteLength += Buffer.byteLength(text);
  return {
    byteLength,
    *chunks() {
      for (const text of predictionTexts(scored, runId)) yield Buffer.from(text, 'utf8');
    },
  };
}

/**
 * The CSV text in pieces of about CHUNK_CHARS. Each entity's rows are already in time order, so the
 * sort is a merge: for each instant, the entities in (Device, Tag) order with a row there.
 */
function* predictionTexts(scored: readonly ScoredEntity[], runId: string): Generator<string> {
  const entities = [...scored].sort((a, b) => cmp(a.device, b.device) || cmp(a.tag, b.tag));
  const instants = new Set<number>();
  for (const e of entities) for (const ms of e.tsMs) instants.add(ms);
  const next = new Array<number>(entities.length).fill(0);
  let text = `${PREDICTION_COLUMNS.join(',')}\n`;
  for (const ms of Float64Array.from(instants).sort()) {
    for (let k = 0; k < entities.length; k += 1) {
      const e = entities[k]!;
      for (let r = next[k]!; r < e.tsMs.length && e.tsMs[r] === ms; r = next[k]!) {
        const decision = e.decisions[r]!;
        const value = e.values === undefined ? '' : String(e.values[r]);
        text += `${e.ts[r]},${e.device},${e.tag},${value},${anomalyOf(decision)},${decision},${e.modelVersion},${runId}\n`;
        next[k] = r + 1;
      }
    }
    if (text.length >= CHUNK_CHARS) {
      yield text;
      text = '';
    }
  }
  yield text;
}
