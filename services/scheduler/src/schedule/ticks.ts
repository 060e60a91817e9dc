import { Cron } from 'croner';

/**
 * When scheduled runs happen and what they score. Pure: the cron expression is read in an
 * IANA time zone by croner; windows are UTC.
 */

export type CatchUpPolicy = 'all' | 'latest' | 'none';

/**
 * The window a tick scores: the last full period of `minutes` before the tick, periods being
 * aligned to UTC multiples of `minutes` since the epoch (60: whole hours, 1440: UTC days).
 * A tick at 10:05 with 60 gives [09:00, 10:00).
 */
export function windowForTick(tick: Date, minutes: number): { from: Date; to: Date } {
  if (!Number.isSafeInteger(minutes) || minutes < 1) {
    throw new RangeError(`window minutes must be a positive integer, got ${minutes}`);
  }
  const period = minutes * 60_000;
  const to = Math.floor(tick.getTime() / period) * period;
  return { from: new Date(to - period), to: new Date(to) };
}

/** A cron expression read in `timeZone`; throws on an expression croner refuses. */
export function cronOf(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true });
}

/** The first tick strictly after `after`, or `undefined` when the expression has no more. */
export function nextTick(cron: Cron, after: Date): Date | undefined {
  return cron.nextRun(after) ?? undefined;
}

/**
 * The ticks a scheduler must still run: those in `(lastTick, now]`, oldest first, as the
 * policy allows — `all` of them but at most the newest `max`, the `latest` only, or `none`.
 * With no last tick (the schedule's first start) there is no gap to catch up.
 */
export function missedTicks(
  cron: string,
  timeZone: string,
  lastTick: Date | undefined,
  now: Date,
  policy: CatchUpPolicy,
  max: number,
): Date[] {
  if (lastTick === undefined || policy === 'none' || max < 1) return [];
  // croner's previous runs exclude the reference (to the second): one second on includes `now`.
  const reference = new Date(now.getTime() + 1_000);
  const newest = cronOf(cron, timeZone).previousRuns(policy === 'latest' ? 1 : max, reference);
  return newest.filter((tick) => tick.getTime() > lastTick.getTime()).reverse();
}
