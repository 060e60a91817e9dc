import { UsageError } from './program.js';

const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** A command-line duration (`500ms`, `5s`, `1m`, `1h`) in ms; a UsageError otherwise. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (match === null) throw new UsageError(`not a duration: "${text}" (e.g. 500ms, 5s, 1m, 1h)`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}
