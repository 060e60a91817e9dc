import { type GeneratedBody, PREDICTION_HEADER, predictionLine } from '@fleetscore/shared';

/**
 * A job's prediction blob, made while it is sent: one row per (entity, window) in the contract's
 * format (`predictionLine`, packages/shared/src/contracts/prediction-row.ts), sorted by (TS
 * instant, Device, Tag).
 */

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
  let text = PREDICTION_HEADER;
  for (const ms of Float64Array.from(instants).sort()) {
    for (let k = 0; k < entities.length; k += 1) {
      const e = entities[k]!;
      for (let r = next[k]!; r < e.tsMs.length && e.tsMs[r] === ms; r = next[k]!) {
        const value = e.values === undefined ? undefined : e.values[r]!;
        text += predictionLine(
          e.ts[r]!,
          e.device,
          e.tag,
          value,
          e.decisions[r]!,
          e.modelVersion,
          runId,
        );
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
