import type { Entity, PredictionBody } from '@fleetscore/shared';

/**
 * Reading prediction blobs (pure): the scorer's CSV `TS,Device,Tag,Val,Prediction,Decision,
 * ModelVersion,RunId` (services/scorer/src/predictions-csv.ts). Its cells never need quoting
 * (ids match ID_PATTERN, numbers are plain), so a split on commas reads it exactly.
 */

/** A row found in a blob, with its position for ordering and continuation. */
export interface FoundRow {
  blob: string;
  /** Data row index in the blob, 0-based. */
  row: number;
  prediction: PredictionBody;
}

export interface RowFilter {
  /** A sensor matches its own rows; a device (no sensor) matches every row of the device. */
  entity: Entity;
  /** Window ends in `[from, to)`, epoch ms. */
  from: number;
  to: number;
}

export function readPredictionRows(blob: string, text: string, filter: RowFilter): FoundRow[] {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(',');
  const at = (name: string) => header.indexOf(name);
  const col = {
    ts: at('TS'),
    device: at('Device'),
    tag: at('Tag'),
    val: at('Val'),
    prediction: at('Prediction'),
    decision: at('Decision'),
    version: at('ModelVersion'),
    run: at('RunId'),
  };
  if (Object.values(col).some((index) => index < 0)) {
    throw new Error(`${blob}: not a prediction blob (header ${lines[0]})`);
  }
  const found: FoundRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const cells = line.split(',');
    const device = cells[col.device] ?? '';
    const sensor = cells[col.tag] ?? '';
    if (device !== filter.entity.device) continue;
    if (filter.entity.sensor !== undefined && sensor !== filter.entity.sensor) continue;
    const ts = cells[col.ts] ?? '';
    const time = Date.parse(ts);
    if (!(time >= filter.from && time < filter.to)) continue;
    const val = cells[col.val] ?? '';
    found.push({
      blob,
      row: i - 1,
      prediction: {
        ts,
        device,
        sensor,
        value: val === '' ? null : Number(val),
        anomaly: cells[col.prediction] === '1',
        decision: Number(cells[col.decision]),
        modelVersion: Number(cells[col.version]),
        runId: cells[col.run] ?? '',
      },
    });
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

/** UTC hour prefixes `predictions/yyyy/MM/dd/HH/` of every hour overlapping `[from, to)`. */
export function hourPrefixes(from: number, to: number): string[] {
  // A non-finite bound would make no name (NaN) or never end (-Infinity): callers pass parsed,
  // validated times, so this is a bug, not input.
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError(`bad prediction range ${from}..${to}`);
  }
  const HOUR = 3_600_000;
  const pad = (n: number) => String(n).padStart(2, '0');
  const prefixes: string[] = [];
  for (let t = Math.floor(from / HOUR) * HOUR; t < to; t += HOUR) {
    const d = new Date(t);
    prefixes.push(
      `predictions/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/`,
    );
  }
  return prefixes;
}

/** The run id of a prediction blob name (`…/run={runId}/job={n}.csv`), or undefined. */
export function runOfBlob(name: string): string | undefined {
  return /\/run=([^/]+)\/job=\d+\.csv$/.exec(name)?.[1];
}
