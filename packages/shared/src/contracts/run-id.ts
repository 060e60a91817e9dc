import { z } from 'zod';

/**
 * `{name}-{windowStart}` with the window start in ISO 8601 basic format (UTC, minutes):
 * `hourly-20261125T1000Z`. Scheduled runs have exactly this id, so replicas, restarts and
 * retried ticks agree on it; API and CLI runs add a suffix (`api-20261125T1000Z-k3x9q1`).
 * The id carries its window start, which is how the ledger finds its partition (the day).
 * It has no `/` and no `.`, so it is safe in blob names and job ids.
 */
export const RUN_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}-\d{8}T\d{4}Z(?:-[a-z0-9]{1,16})?$/;
export const runIdSchema = z.string().regex(RUN_ID_PATTERN, 'expected a run id');

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20261125T1000Z` of a UTC instant (seconds and below are dropped). */
export function compactUtc(at: Date): string {
  const d = at;
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

export function runId(name: string, windowStart: Date, suffix?: string): string {
  const id = `${name}-${compactUtc(windowStart)}${suffix === undefined ? '' : `-${suffix}`}`;
  if (!RUN_ID_PATTERN.test(id)) throw new RangeError(`not a valid run id: ${id}`);
  return id;
}

/** The UTC day (`yyyyMMdd`) of a run's window start, read from its id. */
export function runDay(id: string): string {
  const match = /-(\d{8})T\d{4}Z(?:-[a-z0-9]+)?$/.exec(id);
  if (match?.[1] === undefined) throw new RangeError(`not a run id: ${id}`);
  return match[1];
}
