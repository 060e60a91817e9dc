import { type Aggregate, ID_PATTERN, type WindowRecord } from '@fleetscore/shared';

/** Columns of a pre-aggregated window file (the reference's sensor_data.csv), plus `Count`. */
export const WINDOW_COLUMNS = ['TS', 'Device', 'Tag', 'Value'] as const;

export interface WindowRowOptions {
  /** Window length, seconds (the file does not say it). */
  seconds: number;
  /** The aggregate `Value` holds: stored as `values[aggregate]`. */
  aggregate: Aggregate;
}

export type ParsedRow = { window: WindowRecord } | { error: string };

/**
 * `2018-08-28 23:00:05.000` (UTC, the reference's format) or ISO 8601 with or without a zone
 * (none means UTC) → epoch ms; NaN when it is neither. Stricter than `Date.parse`, which takes
 * `8/29/2018` and reads a zone-less time as local.
 */
export function parseWindowTs(text: string): number {
  const match =
    /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?)(Z|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (match === null) return Number.NaN;
  const [, date, time, zone] = match;
  return Date.parse(`${date}T${time}${zone ?? 'Z'}`);
}

/**
 * One CSV record → a window ending at `TS` with count 1 (or the `Count` column), or what is
 * wrong with it, worded to follow "line N: ". Pure.
 */
export function parseWindowRow(
  record: Readonly<Record<string, string | undefined>>,
  options: WindowRowOptions,
): ParsedRow {
  const problems: string[] = [];
  const ts = record.TS ?? '';
  const endMs = parseWindowTs(ts.trim());
  if (Number.isNaN(endMs)) problems.push(`TS "${ts}" is not YYYY-MM-DD HH:MM:SS[.fff] or ISO 8601`);
  const device = (record.Device ?? '').trim();
  const sensor = (record.Tag ?? '').trim();
  if (!ID_PATTERN.test(device))
    problems.push(`Device "${device}" is not 1–64 of A–Z a–z 0–9 _ . -`);
  if (!ID_PATTERN.test(sensor)) problems.push(`Tag "${sensor}" is not 1–64 of A–Z a–z 0–9 _ . -`);
  const rawValue = (record.Value ?? '').trim();
  const value = rawValue === '' ? Number.NaN : Number(rawValue);
  if (!Number.isFinite(value)) problems.push(`Value "${rawValue}" is not a finite number`);
  let count = 1;
  if (record.Count !== undefined) {
    const rawCount = record.Count.trim();
    count = /^\d+$/.test(rawCount) ? Number(rawCount) : Number.NaN;
    if (!Number.isSafeInteger(count) || count < 1)
      problems.push(`Count "${rawCount}" is not a positive integer`);
  }
  if (problems.length > 0) return { error: problems.join('; ') };
  return {
    window: {
      device,
      sensor,
      end: new Date(endMs).toISOString(),
      seconds: options.seconds,
      count,
      values: { [options.aggregate]: value },
    },
  };
}

/** The required columns a header lacks. */
export function missingColumns(header: readonly string[]): string[] {
  return WINDOW_COLUMNS.filter((column) => !header.includes(column));
}
